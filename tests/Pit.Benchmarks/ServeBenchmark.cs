namespace Pit.Benchmarks;

/// <summary>The serve measurements, and which ones run: <c>--serve-parts rss,scheduler,throughput</c>.</summary>
internal enum ServePart { Rss, Scheduler, Throughput }

/// <summary>One process's memory after the idle wait, in KiB, and how many runs it started meanwhile.</summary>
internal sealed record IdleMemory(string Label, long RssKb, long PeakKb, int Runs, bool IsBaseline);

/// <summary>
/// The <c>pit serve</c> benchmark (issue 6), each part against a baseline measured in the same run:
/// (a) idle RSS, on the sample workspace and on 100 generated DAGs, against the smallest ASP.NET
/// Core app; (b) cron precision, against .NET timer loops (<see cref="SchedulerPrecision"/>);
/// (c) API-triggered runs per minute, against spawning the task's script (<see cref="ApiThroughput"/>).
/// </summary>
internal static class ServeBenchmark
{
    /// <summary>Start-up behind a service before (b) and (c) measure: the first seconds' JIT compilation is not counted.</summary>
    public const int WarmupSeconds = 5;

    /// <summary>The DAGs of the generated workspace in (a).</summary>
    public const int GeneratedDags = 100;

    public static string Run(BenchmarkOptions options, string pitDll, string scratch)
    {
        var loadBefore = LoadAverage();
        IReadOnlyList<IdleMemory>? memory = null;
        SchedulerFigures? scheduler = null;
        ThroughputFigures? throughput = null;
        if (options.RunsServePart(ServePart.Rss)) memory = IdleRss(options, pitDll, scratch);
        if (options.RunsServePart(ServePart.Scheduler)) scheduler = SchedulerPrecision.Measure(options, pitDll, scratch);
        if (options.RunsServePart(ServePart.Throughput)) throughput = ApiThroughput.Measure(options, pitDll, scratch);
        var setup = $"{Environment.ProcessorCount} cores; load average {loadBefore} before, {LoadAverage()} after; .NET {Environment.Version}; " +
                    $"pit: `dotnet {pitDll} serve --port <free port> --project-dir <workspace>`; {options.Seconds} s per measurement" +
                    (scheduler is not null || throughput is not null ? $", after a {WarmupSeconds} s warm-up for (b) and (c)" : "") + ".";
        return ServeReport.Render(setup, memory, scheduler, throughput);
    }

    /// <summary>
    /// (a): the baseline app and both <c>pit serve</c>s start together; once all are ready, they
    /// idle for <c>--seconds</c>, then each one's RSS (VmRSS) and peak (VmHWM) is read.
    /// </summary>
    private static IReadOnlyList<IdleMemory> IdleRss(BenchmarkOptions options, string pitDll, string scratch)
    {
        var root = RepositoryRoot.Find() ?? throw new InvalidOperationException("cannot find Pit.sln (and projects-sample) above the current folder");
        Console.WriteLine("rss: building the ASP.NET Core baseline …");
        var webDll = IdleWebApp.Build(scratch);
        var sample = Path.Combine(scratch, "serve-sample");
        ServeWorkloads.CopySample(root, sample);
        var generated = Path.Combine(scratch, "serve-generated");
        WorkspaceGenerator.Generate(generated, GeneratedDags, options.TasksPerProject);

        Console.WriteLine($"rss: the baseline and pit serve on the sample and on {GeneratedDags} generated DAGs, idle for {options.Seconds} s …");
        using var web = ServeProcess.StartApp("minimal ASP.NET Core app (`MapGet(\"/\")`), baseline", webDll, IdleWebApp.ReadyLine);
        using var onSample = ServeProcess.StartPit($"pit serve, projects-sample ({Directory.GetDirectories(Path.Combine(sample, "projects")).Length} DAGs)", pitDll, sample);
        using var onGenerated = ServeProcess.StartPit($"pit serve, {GeneratedDags} generated DAGs × {options.TasksPerProject} tasks", pitDll, generated);
        ServeProcess[] all = [web, onSample, onGenerated];
        foreach (var process in all) process.WaitUntilReady();
        SleepUntil(all.Max(p => p.ReadyAt).AddSeconds(options.Seconds));

        return all.Select(p =>
        {
            var (rss, peak) = p.Memory();
            var runs = p == web ? 0 : p.GetJsonAsync("/api/runs?limit=500").GetAwaiter().GetResult().GetProperty("runs").GetArrayLength();
            return new IdleMemory(p.Label, rss, peak, runs, IsBaseline: p == web);
        }).ToList();
    }

    /// <summary>Waits for wall-clock time <paramref name="at"/> (the benchmark waits on purpose: it measures what happens meanwhile).</summary>
    public static void SleepUntil(DateTimeOffset at)
    {
        var wait = at - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) Thread.Sleep(wait);
    }

    /// <summary>The 1-minute load average (other work on the machine skews the figures); "?" where unknown.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
