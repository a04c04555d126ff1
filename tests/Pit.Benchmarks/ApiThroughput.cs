using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Pit.Benchmarks;

/// <summary>What the throughput measurement found, pit's and the baseline's.</summary>
internal sealed record ThroughputFigures(
    int Clients,
    int Seconds,
    int Spawns,
    Latencies SpawnTimes,
    int Triggered,
    int Refused,
    int Unsignalled,
    int Completed,
    int Failed,
    Latencies TriggerToStart,
    Latencies TriggerReply)
{
    public double SpawnsPerMinute => Spawns * 60.0 / Seconds;

    public double RunsPerMinute => Completed * 60.0 / Seconds;
}

/// <summary>
/// Issue 6 (c): <c>clients</c> loops trigger the one-task DAG through <c>POST /api/dags/tput/trigger</c>,
/// each waiting until its run's task signals that it runs (see <see cref="TaskSignals"/>) before
/// triggering again, for a warm-up and then <c>seconds</c>. Counted: runs that succeeded within the
/// window, and for triggers sent within it, the time from sending the trigger to the task's start as
/// pit recorded it (<c>GET /api/runs/{id}</c>, read once every run finished). The baseline runs
/// first: as many loops spawning the task's script with bash.
/// </summary>
internal static class ApiThroughput
{
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromMinutes(1);

    /// <summary>A succeeded run's <c>state</c> in the API.</summary>
    private const string Succeeded = "success";

    private sealed record Trigger(string RunId, DateTimeOffset SentAt, double ReplyMs, bool Signalled);

    private sealed record Outcome(string State, DateTimeOffset? Finished, DateTimeOffset? TaskStarted);

    public static ThroughputFigures Measure(BenchmarkOptions options, string pitDll, string scratch)
    {
        using var signals = new TaskSignals();
        var workspace = Path.Combine(scratch, "serve-throughput");
        var script = ServeWorkloads.Throughput(workspace, signals.Port);
        var clients = options.Clients;
        var seconds = options.Seconds;
        Console.WriteLine($"throughput: baseline, {clients} loops spawning `bash {Path.GetFileName(script)}` for {seconds} s …");
        var (spawns, spawnTimes) = SpawnLoop.Measure(script, clients, seconds);

        Console.WriteLine($"throughput: pit serve, {clients} API clients, {ServeBenchmark.WarmupSeconds} s warm-up + {seconds} s …");
        using var pit = ServeProcess.StartPit("pit serve (throughput)", pitDll, workspace);
        pit.WaitUntilReady();
        var from = DateTimeOffset.UtcNow.AddSeconds(ServeBenchmark.WarmupSeconds);
        var to = from.AddSeconds(seconds);
        var refused = new ConcurrentBag<string>();
        var loops = Enumerable.Range(0, clients).Select(_ => Task.Run(() => ClientAsync(pit, signals, to, refused))).ToArray();
        Task.WaitAll(loops);
        var triggers = loops.SelectMany(l => l.Result).ToList();
        if (triggers.Count == 0) throw new InvalidOperationException($"pit serve accepted no trigger: {refused.FirstOrDefault()}\n{pit.Tail()}");

        Console.WriteLine($"throughput: reading {triggers.Count} runs back …");
        var outcomes = new ConcurrentDictionary<string, Outcome>(StringComparer.Ordinal);
        Parallel.ForEach(triggers, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            t => outcomes[t.RunId] = FinishedRun(pit, t.RunId));

        var inWindow = triggers.Where(t => t.SentAt >= from && t.SentAt < to).ToList();
        return new ThroughputFigures(clients, seconds, spawns, spawnTimes,
            Triggered: inWindow.Count,
            Refused: refused.Count,
            Unsignalled: triggers.Count(t => !t.Signalled),
            Completed: outcomes.Values.Count(o => o.State == Succeeded && o.Finished >= from && o.Finished < to),
            Failed: outcomes.Values.Count(o => o.State != Succeeded),
            TriggerToStart: new Latencies(inWindow.Select(t => outcomes[t.RunId].TaskStarted is { } started ? (started - t.SentAt).TotalMilliseconds : double.NaN)
                .Where(ms => !double.IsNaN(ms))),
            TriggerReply: new Latencies(inWindow.Select(t => t.ReplyMs)));
    }

    private static async Task<List<Trigger>> ClientAsync(ServeProcess pit, TaskSignals signals, DateTimeOffset to, ConcurrentBag<string> refused)
    {
        var triggers = new List<Trigger>();
        while (DateTimeOffset.UtcNow < to)
        {
            var sentAt = DateTimeOffset.UtcNow;
            var started = Stopwatch.GetTimestamp();
            using var response = await pit.Http.PostAsync($"/api/dags/{ServeWorkloads.ThroughputDag}/trigger", null);
            var replyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                refused.Add($"{(int)response.StatusCode} {text}");
                if (refused.Count > 100) throw new InvalidOperationException($"pit serve refused over 100 triggers, e.g. {text}\n{pit.Tail()}");
                continue;
            }
            var runId = JsonDocument.Parse(text).RootElement.GetProperty("run_id").GetString()
                ?? throw new InvalidOperationException($"a trigger's answer has no run_id: {text}");
            triggers.Add(new Trigger(runId, sentAt, replyMs, await signals.WaitAsync(runId, SignalTimeout)));
        }
        return triggers;
    }

    private static Outcome FinishedRun(ServeProcess pit, string runId)
    {
        var run = pit.FinishedRun(runId);
        var task = run.GetProperty("tasks").EnumerateArray().FirstOrDefault();
        return new Outcome(run.GetProperty("state").GetString()!, Time(run, "finished"), task.ValueKind == JsonValueKind.Object ? Time(task, "started") : null);
    }

    private static DateTimeOffset? Time(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetDateTimeOffset() : null;
}
