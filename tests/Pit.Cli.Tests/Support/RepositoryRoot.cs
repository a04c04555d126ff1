namespace Pit.Cli.Tests.Support;

/// <summary>The repository checkout the tests were built from (the folder holding Pit.sln).</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Pit.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Pit.sln not found above " + AppContext.BaseDirectory);
    }
}
