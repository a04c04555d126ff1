using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pit.Benchmarks;

/// <summary>What the scheduler measurement found: pit's lateness per run, and the baseline's.</summary>
internal sealed record SchedulerFigures(
    int Dags,
    int Seconds,
    Latencies Baseline,
    Latencies Pit,
    int Expected,
    int Unreadable,
    double FireLagMeanMs,
    double FireLagWorstMs,
    long Fires);

/// <summary>
/// Issue 6 (b): <c>pit serve</c> with <c>dags</c> DAGs on an every-second schedule. After a warm-up,
/// for <c>seconds</c>, every run's lateness is its created time (<c>GET /api/runs</c>' <c>started</c>,
/// the RunCreated event's time) minus the occurrence it was scheduled for, which its task prints
/// from <c>PIT_LOGICAL_TIME</c> (the API does not show it). Then the DAGs are paused, the runs left
/// finish, and the runs are read back. The baseline runs first: as many .NET timer loops.
/// </summary>
internal static partial class SchedulerPrecision
{
    public static SchedulerFigures Measure(BenchmarkOptions options, string pitDll, string scratch)
    {
        var dags = options.CronDags;
        var seconds = options.Seconds;
        Console.WriteLine($"scheduler: baseline, {dags} .NET timer loops waking at each second for {seconds} s …");
        var baseline = TimerLoop.Measure(dags, NextSecond(DateTimeOffset.UtcNow.AddSeconds(1)), seconds);

        var workspace = Path.Combine(scratch, "serve-cron");
        ServeWorkloads.Cron(workspace, dags);
        Console.WriteLine($"scheduler: pit serve with {dags} DAGs every second, {ServeBenchmark.WarmupSeconds} s warm-up + {seconds} s …");
        using var pit = ServeProcess.StartPit("pit serve (cron)", pitDll, workspace);
        pit.WaitUntilReady();
        var from = NextSecond(pit.ReadyAt.AddSeconds(ServeBenchmark.WarmupSeconds));
        var to = from.AddSeconds(seconds);
        ServeBenchmark.SleepUntil(to.AddSeconds(1));

        var metrics = pit.GetTextAsync("/metrics").GetAwaiter().GetResult();
        PauseAll(pit, dags);
        WaitUntilNoneRunning(pit);
        var (lateness, unreadable) = Lateness(pit, workspace, dags, from, to);
        if (lateness.Count == 0) throw new InvalidOperationException($"pit serve started no cron run for an occurrence from {from:HH:mm:ss} to {to:HH:mm:ss}\n{pit.Tail()}");
        var count = Metric(metrics, "pit_scheduler_lag_seconds_count", "");
        return new SchedulerFigures(dags, seconds, baseline, new Latencies(lateness), dags * seconds, unreadable,
            count == 0 ? double.NaN : Metric(metrics, "pit_scheduler_lag_seconds_sum", "") / count * 1000,
            Metric(metrics, "pit_scheduler_lag_max_seconds", "{fire=\"worst\"}") * 1000, (long)count);
    }

    private static DateTimeOffset NextSecond(DateTimeOffset at) =>
        new DateTimeOffset(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(1);

    private static void PauseAll(ServeProcess pit, int dags)
    {
        Parallel.For(0, dags, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            using var response = pit.Http.PostAsync($"/api/dags/{ServeWorkloads.CronDag(i)}/pause", null).GetAwaiter().GetResult();
            if (response.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"pausing {ServeWorkloads.CronDag(i)} answered {(int)response.StatusCode}\n{pit.Tail()}");
        });
    }

    private static void WaitUntilNoneRunning(ServeProcess pit)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(5);
        while (pit.GetJsonAsync("/api/runs?state=running&limit=1").GetAwaiter().GetResult().GetProperty("runs").GetArrayLength() > 0)
        {
            if (DateTimeOffset.UtcNow > deadline) throw new InvalidOperationException($"runs were still running 5 min after the DAGs were paused\n{pit.Tail()}");
            Thread.Sleep(500);
        }
    }

    /// <summary>Each run's created time minus its occurrence, in ms, for occurrences in [from, to); and how many runs' logs did not say their occurrence.</summary>
    private static (List<double> Lateness, int Unreadable) Lateness(ServeProcess pit, string workspace, int dags, DateTimeOffset from, DateTimeOffset to)
    {
        var lateness = new List<double>();
        var unreadable = 0;
        for (var i = 0; i < dags; i++)
        {
            var runs = pit.GetJsonAsync($"/api/runs?dag={ServeWorkloads.CronDag(i)}&limit=500").GetAwaiter().GetResult().GetProperty("runs");
            if (runs.GetArrayLength() == 500 && runs[499].GetProperty("started").GetDateTimeOffset() >= from)
                throw new InvalidOperationException($"{ServeWorkloads.CronDag(i)} has more runs than GET /api/runs lists (500): use fewer --seconds");
            foreach (var run in runs.EnumerateArray())
            {
                var created = run.GetProperty("started").GetDateTimeOffset();
                if (created < from.AddSeconds(-1)) continue; // a warm-up run (pit never fires early)
                if (LogicalTime(workspace, run.GetProperty("run_id").GetString()!) is not { } logical)
                {
                    unreadable++;
                    continue;
                }
                if (logical >= from && logical < to) lateness.Add((created - logical).TotalMilliseconds);
            }
        }
        return (lateness, unreadable);
    }

    private static DateTimeOffset? LogicalTime(string workspace, string runId)
    {
        var log = Path.Combine(workspace, "runs", runId, "logs", ServeWorkloads.TaskName + ".log");
        var match = File.Exists(log) ? LogicalLine().Match(File.ReadAllText(log)) : Match.Empty;
        return match.Success
            ? DateTimeOffset.ParseExact(match.Groups[1].Value, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
            : null;
    }

    /// <summary>A sample of Prometheus text: <c>name{labels} value</c>; NaN when absent.</summary>
    private static double Metric(string metrics, string name, string labels)
    {
        foreach (var line in metrics.Split('\n'))
            if (line.StartsWith(name + labels + " ", StringComparison.Ordinal))
                return double.Parse(line[(name.Length + labels.Length + 1)..], CultureInfo.InvariantCulture);
        return double.NaN;
    }

    [GeneratedRegex(ServeWorkloads.LogicalTimePrefix + @"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")]
    private static partial Regex LogicalLine();
}
