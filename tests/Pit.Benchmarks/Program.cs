using Pit.Benchmarks;

// `--suite startup` (default): start-up of pit against a hello-world (issue 2).
// `--suite engine`: `pit run` on the engine workloads W0–W4 against bash loops (issue 3).
// `--suite sdk`: the SDK socket's round trip from C# and Python clients against a Python echo baseline (issue 4).
// `--suite sql`: 1M rows Parquet → PostgreSQL / SQLite and PostgreSQL → Parquet against psql \copy (issue 5).
// `--suite serve`: `pit serve`'s idle memory, cron precision and API throughput, each against a baseline (issue 6).
// `--suite control`: the control channel's round trip, and W2 followed by 100 `run tail` clients (issue 7).
// `--suite history`: `pit history` on a 10,000-run journal, its --rebuild, and `pit serve` start-up on it (issue 8).
// `--suite all`: all of them, one report after the other.
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
    Directory.CreateDirectory(scratch);
    var pitDll = options.PitDll ?? BuildPit();
    if (!File.Exists(pitDll)) throw new FileNotFoundException($"pit.dll not found at {pitDll}");

    var reports = new List<string>();
    if (options.RunsStartup) reports.Add(StartupBenchmark.Run(options, pitDll, scratch));
    if (options.RunsEngine) reports.Add(EngineBenchmark.Run(options, pitDll, scratch));
    if (options.RunsSdk) reports.Add(SdkBenchmark.Run(options, pitDll, scratch));
    if (options.RunsSql && options.Suite == Suite.All && Environment.GetEnvironmentVariable("PIT_TEST_POSTGRES") is null)
        reports.Add("## SQL connectors: not run (PIT_TEST_POSTGRES is not set; start PostgreSQL with .ci/services/postgres.sh start)\n");
    else if (options.RunsSql) reports.Add(SqlBenchmark.Run(options, pitDll, scratch));
    if (options.RunsServe) reports.Add(ServeBenchmark.Run(options, pitDll, scratch));
    if (options.RunsControl) reports.Add(ControlBenchmark.Run(options, pitDll, scratch));
    if (options.RunsHistory) reports.Add(HistoryBenchmark.Run(options, pitDll, scratch));
    var report = string.Join(Environment.NewLine, reports);

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
catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or IOException or HttpRequestException or TaskCanceledException)
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
    var root = RepositoryRoot.Find() ?? throw new InvalidOperationException("cannot find Pit.sln above the current folder: pass --pit <pit.dll>");
    var output = Path.Combine(scratch, "pit");
    var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
    Console.WriteLine($"publishing src/Pit.Cli (Release, ReadyToRun, {rid}) …");
    DotnetCommand.Run(root, "publish", "src/Pit.Cli", "-c", "Release", "-r", rid, "--self-contained", "false",
        "-p:PublishReadyToRun=true", "-o", output);
    return Path.Combine(output, "pit.dll");
}
