namespace Pit.Core.Dags;

/// <summary>Resolves paths written in pit.toml against the project folder, refusing escapes.</summary>
public static class ProjectPaths
{
    /// <summary>The absolute path, or null when it resolves outside <paramref name="projectDir"/>.</summary>
    public static string? Resolve(string projectDir, string relative)
    {
        var root = Path.GetFullPath(projectDir).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, relative));
        return full.StartsWith(root, StringComparison.Ordinal) ? full : null;
    }
}
