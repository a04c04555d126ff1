namespace Pit.Benchmarks;

/// <summary>The baseline: the stock <c>dotnet new console</c> app, built once in Release.</summary>
internal static class HelloWorldApp
{
    /// <summary>Creates and builds the app under <paramref name="parentDir"/>; returns the path of hello.dll.</summary>
    public static string Build(string parentDir)
    {
        var projectDir = Path.Combine(parentDir, "hello");
        Directory.CreateDirectory(projectDir);
        DotnetCommand.Run(projectDir, "new", "console", "--name", "hello", "--output", projectDir, "--no-update-check");
        var outDir = Path.Combine(projectDir, "out");
        DotnetCommand.Run(projectDir, "build", "-c", "Release", "-o", outDir);
        var dll = Path.Combine(outDir, "hello.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"hello world build produced no {dll}");
    }
}
