namespace Pit.Benchmarks;

/// <summary>The repository this benchmark belongs to: the folder holding Pit.sln, above the current folder or the binary.</summary>
internal static class RepositoryRoot
{
    public static string? Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Pit.sln"))) return dir.FullName;
        return null;
    }
}
