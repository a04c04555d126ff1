namespace Pit.Engine.Runners;

/// <summary>Finds programs the way <c>execvp</c> does: names with a slash are paths, others are searched on PATH.</summary>
internal static class ExecutableLookup
{
    /// <summary>The first executable file called <paramref name="name"/> in the directories of <paramref name="path"/>.</summary>
    public static string? FindOnPath(string name, string? path)
    {
        foreach (var dir in (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (IsExecutableFile(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>A regular file (or a link to one) the current user may execute.</summary>
    public static bool IsExecutableFile(string path) => File.Exists(path) && Libc.Access(path, Libc.X_OK) == 0;
}
