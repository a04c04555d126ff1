using Pit.Benchmarks;

// Start-up benchmark (issue 2): a plain `dotnet hello.dll`, `pit --version`, and `pit validate` on a
// generated workspace, timed in the same run, with each one's ratio to the hello-world start.
BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var scratch = Path.Combine(Path.GetTempPath(), "pit-bench-" + Guid.NewGuid().ToString("N")[..8]);
try
{
    var pitDll = options.PitDll ?? BuildPit();
    if (!File.Exists(pitDll)) throw new FileNotFoundException($"pit.dll not found at {pitDll}");

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
    var report = Report.Render(results, results[0], results[2], setup);
    Console.WriteLine();
    Console.WriteLine(report);
    if (options.ReportFile is { } file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, report);
        Console.WriteLine($"report written to {file}");
    }
    if (options.KeepTempFiles) Console.WriteLine($"kept {scratch}");
    return 0;
}
catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or IOException)
{
    Console.Error.WriteLine($"benchmark failed: {e.Message}");
    return 1;
}
finally
{
    if (!options.KeepTempFiles && Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
}

// Publishes src/Pit.Cli the way `build.ps1 pack` ships it (Release, ReadyToRun for this machine's
// platform) into the scratch folder; returns its pit.dll.
string BuildPit()
{
    var root = RepoRoot() ?? throw new InvalidOperationException("cannot find Pit.sln above the current folder: pass --pit <pit.dll>");
    var output = Path.Combine(scratch, "pit");
    var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
    Console.WriteLine($"publishing src/Pit.Cli (Release, ReadyToRun, {rid}) …");
    DotnetCommand.Run(root, "publish", "src/Pit.Cli", "-c", "Release", "-r", rid, "--self-contained", "false",
        "-p:PublishReadyToRun=true", "-o", output);
    return Path.Combine(output, "pit.dll");
}

static string? RepoRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pit.sln"))) return dir.FullName;
    return null;
}
