using System.Collections.Concurrent;
using System.Diagnostics;
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
    Latencies Minted,
    int Expected,
    int Unreadable,
    double FireLagMeanMs,
    double FireLagWorstMs,
    long Fires,
    int Runs,
    double MetricsSeconds);

/// <summary>
/// Issue 6 (b): <c>pit serve</c> with <c>dags</c> DAGs on an every-second schedule. After a warm-up,
/// for <c>seconds</c>, every run's lateness is its created time (<c>GET /api/runs</c>' <c>started</c>,
/// the RunCreated event's time) minus the occurrence it was scheduled for, which its task prints
/// from <c>PIT_LOGICAL_TIME</c> (the API does not show it). Then the DAGs are paused, the runs are
/// read back once finished (<c>GET /api/runs/{id}</c>), and <c>/metrics</c> last (it reads every run in the
/// journal: under the every-second load it can take minutes). The baseline runs first: as many
/// .NET timer loops.
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

        PauseAll(pit, dags);
        var (lateness, minted, unreadable, runs) = Lateness(pit, workspace, from, to);
        if (lateness.Count == 0) throw new InvalidOperationException($"pit serve started no cron run for an occurrence from {from:HH:mm:ss} to {to:HH:mm:ss}\n{pit.Tail()}");
        var asked = Stopwatch.GetTimestamp();
        var metrics = pit.GetTextAsync("/metrics").GetAwaiter().GetResult();
        var metricsSeconds = Stopwatch.GetElapsedTime(asked).TotalSeconds;
        var count = Metric(metrics, "pit_scheduler_lag_seconds_count", "");
        return new SchedulerFigures(dags, seconds, baseline, new Latencies(lateness), new Latencies(minted), dags * seconds, unreadable,
            count == 0 ? double.NaN : Metric(metrics, "pit_scheduler_lag_seconds_sum", "") / count * 1000,
            Metric(metrics, "pit_scheduler_lag_max_seconds", "{fire=\"worst\"}") * 1000, (long)count, runs, metricsSeconds);
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

    /// <summary>
    /// Each run's created time minus its occurrence, in ms, for occurrences in [from, to); the same
    /// for the time in its id (when the Scheduler decided to start it); how many runs' logs did not
    /// say their occurrence; how many runs there were in all. The runs are found
    /// by their folders and read by id: listing a DAG's runs reads the journal by tag, which takes
    /// about a second per DAG once the journal holds a minute of this load.
    /// </summary>
    private static (List<double> Lateness, List<double> Minted, int Unreadable, int Runs) Lateness(ServeProcess pit, string workspace, DateTimeOffset from, DateTimeOffset to)
    {
        Thread.Sleep(TimeSpan.FromSeconds(2)); // a run the last fire started has its folder
        var runIds = Directory.GetDirectories(Path.Combine(workspace, "runs")).Select(Path.GetFileName).OfType<string>().ToList();
        var lateness = new ConcurrentBag<double>();
        var minted = new ConcurrentBag<double>();
        var unreadable = 0;
        Parallel.ForEach(runIds.Where(id => IdTime(id) >= from.AddSeconds(-1)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, runId =>
        {
            var created = pit.FinishedRun(runId).GetProperty("started").GetDateTimeOffset();
            if (LogicalTime(workspace, runId) is not { } logical) Interlocked.Increment(ref unreadable);
            else if (logical >= from && logical < to)
            {
                lateness.Add((created - logical).TotalMilliseconds);
                minted.Add((IdTime(runId) - logical).TotalMilliseconds);
            }
        });
        return (lateness.ToList(), minted.ToList(), unreadable, runIds.Count);
    }

    /// <summary>The UTC time a run id starts with (<c>yyyyMMdd_HHmmss.fff_&lt;dag&gt;</c>).</summary>
    private static DateTimeOffset IdTime(string runId) =>
        DateTimeOffset.ParseExact(runId[..19], "yyyyMMdd_HHmmss.fff", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

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
