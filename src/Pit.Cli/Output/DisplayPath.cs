namespace Pit.Cli.Output;

/// <summary>Shows a path relative to the current folder when it lies below it, else in full.</summary>
public static class DisplayPath
{
    public static string Of(string path)
    {
        if (string.IsNullOrEmpty(path)) return path;
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }
}
