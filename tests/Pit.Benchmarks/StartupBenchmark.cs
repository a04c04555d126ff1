namespace Pit.Benchmarks;

/// <summary>
/// The start-up benchmark (issue 2): a plain <c>dotnet hello.dll</c>, <c>pit --version</c>, and
/// <c>pit validate</c> on a generated workspace, timed in the same run, with each one's ratio to the
/// hello-world start.
/// </summary>
internal static class StartupBenchmark
{
    public static string Run(BenchmarkOptions options, string pitDll, string scratch)
    {
        Console.WriteLine("building the hello-world baseline …");
        var helloDll = HelloWorldApp.Build(scratch);

        var workspace = Path.Combine(scratch, "workspace");
        Console.WriteLine($"generating a workspace of {options.Projects} projects × {options.TasksPerProject} tasks …");
        WorkspaceGenerator.Generate(workspace, options.Projects, options.TasksPerProject);

        var hello = new TimedCommand("hello world (dotnet hello.dll)", [helloDll], scratch);
        var version = new TimedCommand("pit --version", [pitDll, "--version"], scratch);
        var validate = new TimedCommand(
            $"pit validate ({options.Projects}×{options.TasksPerProject})", [pitDll, "validate", "--project-dir", workspace], workspace);

        CommandTimer.RunOnce(validate); // fails loudly (with pit's output) unless the workspace validates
        Console.WriteLine($"timing: {options.Warmups} warm-up + {options.Runs} measured runs of each command, interleaved …");
        var results = CommandTimer.Measure([hello, version, validate], options.Warmups, options.Runs);

        var setup = $"{options.Warmups} warm-up + {options.Runs} measured runs each, interleaved; {Environment.ProcessorCount} cores; " +
                    $".NET {Environment.Version}; pit: `{pitDll}`.";
        return Report.Render(results, results[0], results[2], setup);
    }
}
