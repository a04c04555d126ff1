namespace Pit.Benchmarks;

/// <summary>
/// The engine benchmark (issue 3): each workload's <c>pit run bench</c> against its bash baseline,
/// interleaved. Run folders and the SQLite journal under <c>.pit/</c> are kept across a workload's
/// repetitions and grow, as they would in use.
/// </summary>
internal static class EngineBenchmark
{
    public static string Run(BenchmarkOptions options, string pitDll, string scratch)
    {
        var memory = PeakMemory.Choose(options.PollRss, scratch);
        var loadBefore = LoadAverage();
        var workloads = EngineWorkloads.All
            .Where(w => options.Workloads.Count == 0 || options.Workloads.Contains(w.Id)).ToList();
        var floor = EngineFloor.Measure(options, memory, scratch);
        var results = new List<EngineResult>();
        foreach (var workload in workloads)
        {
            Console.WriteLine($"{workload.Id} ({workload.Shape}, {workload.Tasks} tasks): " +
                              $"{options.EngineWarmups} warm-up + {options.EngineRuns} measured runs of pit and of the bash loop …");
            var workspace = Path.Combine(scratch, "engine-" + workload.Id);
            try
            {
                results.Add(Measure(workload, workspace, pitDll, memory, options));
            }
            finally
            {
                if (!options.KeepTempFiles && Directory.Exists(workspace)) Directory.Delete(workspace, recursive: true);
            }
        }
        var setup = $"{options.EngineWarmups} warm-up + {options.EngineRuns} measured runs of each workload, pit and " +
                    $"baseline interleaved, medians; {Environment.ProcessorCount} cores; load average {loadBefore} before, " +
                    $"{LoadAverage()} after; .NET {Environment.Version}; " +
                    $"pit: `dotnet {pitDll} run bench --project-dir <workspace>`; peak RSS: {memory.Method}, highest of the measured runs.";
        return EngineReport.Render(results, floor, setup);
    }

    private static EngineResult Measure(EngineWorkload workload, string workspace, string pitDll, PeakMemory memory, BenchmarkOptions options)
    {
        var baseline = EngineWorkloads.Generate(workload, workspace);
        var runsDir = Path.Combine(workspace, "runs");
        var pitArgs = new[] { pitDll, "run", EngineWorkload.DagName, "--project-dir", workspace };
        var pitMs = new List<double>();
        var baselineMs = new List<double>();
        var peaks = new List<long>();
        if (Directory.Exists(runsDir)) Directory.Delete(runsDir, recursive: true);
        for (var i = 0; i < options.EngineWarmups + options.EngineRuns; i++)
        {
            // Run folders are kept until the workload is done: deleting thousands of files right before a
            // measured run makes ext4 scan its recently deleted inodes on every file pit creates (a cost
            // the baseline, which creates no files, would not pay).
            var before = RunFolders(runsDir);
            var pit = memory.RunDotnet(pitArgs, workspace, scratch: workspace);
            if (pit.Result.ExitCode != 0)
                throw new InvalidOperationException(
                    $"{workload.Id}: 'dotnet {string.Join(' ', pitArgs)}' exited {pit.Result.ExitCode} (expected 0)\n{pit.Result.Tails()}");
            CheckEveryTaskRan(workload, runsDir, before, pit.Result);

            var bash = ChildProcess.Run("bash", [baseline], workspace);
            if (bash.ExitCode != 0)
                throw new InvalidOperationException($"{workload.Id}: baseline 'bash {baseline}' exited {bash.ExitCode}\n{bash.Tails()}");

            if (i < options.EngineWarmups) continue;
            pitMs.Add(pit.Result.WallMs);
            baselineMs.Add(bash.WallMs);
            peaks.Add(pit.PeakRssKb);
        }
        if (Directory.Exists(runsDir)) Directory.Delete(runsDir, recursive: true);
        return new EngineResult(workload, pitMs, baselineMs, peaks);
    }

    /// <summary>The 1-minute load average (other work on the machine skews the figures); "?" where unknown.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static string[] RunFolders(string runsDir) => Directory.Exists(runsDir) ? Directory.GetDirectories(runsDir) : [];

    /// <summary>A run that exits 0 yet left out tasks would flatter pit: one new run folder, one log per task.</summary>
    private static void CheckEveryTaskRan(EngineWorkload workload, string runsDir, string[] before, ChildResult pit)
    {
        var runs = RunFolders(runsDir).Except(before).ToArray();
        var logs = runs.Length == 1 && Directory.Exists(Path.Combine(runs[0], "logs"))
            ? Directory.GetFiles(Path.Combine(runs[0], "logs"), "*.log").Length
            : -1;
        if (runs.Length != 1 || logs != workload.Tasks)
            throw new InvalidOperationException(
                $"{workload.Id}: pit exited 0 but left {runs.Length} new run folder(s) under {runsDir} and {logs} task log(s) " +
                $"(expected 1 run and {workload.Tasks} logs)\n{pit.Tails()}");
    }
}
