namespace Pit.Benchmarks;

/// <summary>
/// The engine benchmark (issue 3): each workload's <c>pit run bench</c> against its bash baseline,
/// interleaved; a workload with a goal per task (W1–W3) runs beside its doubled form, for the cost
/// of each further task. Run folders and the SQLite journal under <c>.pit/</c> are kept across a
/// workload's repetitions and grow, as they would in use.
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
        var unavailable = new List<string>();
        var otherFloors = EngineFloor.MeasureOthers(options, memory, scratch, unavailable);
        var results = new List<EngineResult>();
        foreach (var workload in workloads)
        {
            // A workload with a goal per task runs beside its doubled form, for the cost of each further task.
            IReadOnlyList<EngineWorkload> together = workload.HasPerTaskGoal ? [workload, workload.Doubled()] : [workload];
            Console.WriteLine($"{string.Join(" and ", together.Select(w => $"{w.Id} ({w.Shape}, {w.Tasks} tasks)"))}: " +
                              $"{options.EngineWarmups} warm-up + {options.EngineRuns} measured runs of pit and of the bash loop …");
            var workspaces = together.Select(w => Path.Combine(scratch, "engine-" + w.Id)).ToList();
            try
            {
                results.AddRange(Measure(together, workspaces, pitDll, memory, options));
            }
            finally
            {
                if (!options.KeepTempFiles)
                    foreach (var workspace in workspaces.Where(Directory.Exists)) Directory.Delete(workspace, recursive: true);
            }
        }
        var setup = $"{options.EngineWarmups} warm-up + {options.EngineRuns} measured runs of each workload, pit and " +
                    $"baseline interleaved, medians; {Environment.ProcessorCount} cores; load average {loadBefore} before, " +
                    $"{LoadAverage()} after; .NET {Environment.Version}; " +
                    $"pit: `dotnet {pitDll} run bench --project-dir <workspace>`; peak RSS: {memory.Method}, highest of the measured runs.";
        return EngineReport.Render(results, floor, otherFloors, unavailable, setup);
    }

    /// <summary>Runs the workloads' pit runs and bash loops interleaved, repetition by repetition, so that a
    /// change in the machine's load touches them alike.</summary>
    private static List<EngineResult> Measure(
        IReadOnlyList<EngineWorkload> workloads, IReadOnlyList<string> workspaces, string pitDll, PeakMemory memory, BenchmarkOptions options)
    {
        var baselines = workloads.Select((w, i) => EngineWorkloads.Generate(w, workspaces[i])).ToList();
        var samples = workloads.Select(_ => (Pit: new List<double>(), Baseline: new List<double>(), Peaks: new List<long>())).ToList();
        foreach (var workspace in workspaces) DeleteRuns(workspace);
        for (var i = 0; i < options.EngineWarmups + options.EngineRuns; i++)
        {
            for (var w = 0; w < workloads.Count; w++)
            {
                var (pitMs, baselineMs, peakKb) = MeasureOnce(workloads[w], workspaces[w], baselines[w], pitDll, memory);
                if (i < options.EngineWarmups) continue;
                samples[w].Pit.Add(pitMs);
                samples[w].Baseline.Add(baselineMs);
                samples[w].Peaks.Add(peakKb);
            }
        }
        foreach (var workspace in workspaces) DeleteRuns(workspace);
        return workloads.Select((w, i) => new EngineResult(w, samples[i].Pit, samples[i].Baseline, samples[i].Peaks)).ToList();
    }

    /// <summary>One <c>pit run</c> of the workload (checked: exit 0, one new run, a log per task), then its bash loop.</summary>
    private static (double PitMs, double BaselineMs, long PeakKb) MeasureOnce(
        EngineWorkload workload, string workspace, string baseline, string pitDll, PeakMemory memory)
    {
        var runsDir = Path.Combine(workspace, "runs");
        var pitArgs = new[] { pitDll, "run", EngineWorkload.DagName, "--project-dir", workspace };
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
        return (pit.Result.WallMs, bash.WallMs, pit.PeakRssKb);
    }

    private static void DeleteRuns(string workspace)
    {
        var runsDir = Path.Combine(workspace, "runs");
        if (Directory.Exists(runsDir)) Directory.Delete(runsDir, recursive: true);
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
