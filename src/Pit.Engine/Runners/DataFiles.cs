namespace Pit.Engine.Runners;

/// <summary>
/// Parquet files in a run's data folder, by name: <c>claims</c> and <c>claims.parquet</c> are the same
/// file; sub-folders are fine; a name that leads outside the data folder is refused.
/// </summary>
public static class DataFiles
{
    public const string Extension = ".parquet";

    /// <summary>The full path of <paramref name="name"/> in <paramref name="dataDir"/>; null (with the reason) when it leads outside.</summary>
    public static string? Resolve(string dataDir, string name, out string? error)
    {
        error = null;
        var folder = Path.GetFullPath(dataDir);
        var file = name.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) ? name : name + Extension;
        var full = Path.GetFullPath(Path.Combine(folder, file));
        if (name.Trim().Length == 0 || Path.IsPathRooted(name) || !full.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            error = $"'{name}' is outside the run's data folder ({folder}); give a file name in it, like 'claims' or 'claims.parquet'";
            return null;
        }
        return full;
    }

    /// <summary>Like <see cref="Resolve(string, string, out string?)"/>, failing the task when the name leads outside.</summary>
    public static string Resolve(string dataDir, string name) =>
        Resolve(dataDir, name, out var error) ?? throw new TaskFailedException(error!, ran: false);
}
