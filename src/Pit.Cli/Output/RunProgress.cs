using System.Diagnostics;
using Pit.Core.Time;
using Pit.Engine.Protocol;
using Pit.Engine.Runs;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Cli.Output;

/// <summary>
/// Shows a run as it happens: one line per transition, and on a terminal a status line kept at
/// the bottom (done / running / failed, with elapsed times). Thread-safe: live task output is
/// written through <see cref="TaskOutput"/> from stream threads.
/// </summary>
public sealed class RunProgress(CliConsole console, bool live, string logsDir)
{
    private readonly object _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private DagRunState? _state;
    private bool _statusShown;

    public DagRunState? State => _state;

    public void Apply(IPitEvent e)
    {
        lock (_gate)
        {
            _state = (_state ?? DagRunState.Empty(((IWithRunId)e).RunId)).Apply(e);
            if (Describe(e) is { } line) Write(line, flush: false);
        }
    }

    /// <summary>Sends the transition lines written so far (<see cref="Apply"/> leaves that to the caller, once per burst of events).</summary>
    public void Flush()
    {
        lock (_gate) console.Out.Flush();
    }

    public void TaskOutput(string task, string line)
    {
        lock (_gate) Write($"[{task}] {line}", flush: true);
    }

    /// <summary>Redraws the terminal status line (call periodically); a no-op when not live.</summary>
    public void Tick()
    {
        if (!live) return;
        lock (_gate)
        {
            if (_state is null || _state.IsFinished) return;
            var tasks = _state.Tasks.Values.ToList();
            var running = tasks.Where(t => t.Status == TaskStatus.Running)
                .Select(t => $"{t.Name} {Seconds(DateTimeOffset.UtcNow - (t.StartedAt ?? DateTimeOffset.UtcNow))}");
            var done = tasks.Count(t => t.Status.IsSettled());
            var failed = tasks.Count(t => t.Status is TaskStatus.Failed or TaskStatus.UpstreamFailed);
            var status = $"{done}/{tasks.Count} done · {failed} failed · running: {string.Join(", ", running)} · {Seconds(_clock.Elapsed)}";
            console.Out.Write("\r\u001b[2K" + console.Dim(status));
            console.Out.Flush();
            _statusShown = true;
        }
    }

    private void Write(string line, bool flush)
    {
        if (_statusShown)
        {
            console.Out.Write("\r\u001b[2K");
            _statusShown = false;
        }
        console.Out.WriteLine(line);
        if (flush) console.Out.Flush();
    }

    private string? Describe(IPitEvent e) => e switch
    {
        RunEvents.RunCreated c => $"run {c.RunId}: {c.Tasks.Count} task{(c.Tasks.Count == 1 ? "" : "s")}"
            + (c.RerunOf is { } original ? $", rerun of {original}" + (c.Reused is { Count: > 0 } reused ? $" ({Reused(reused)})" : "") : ""),
        RunEvents.TaskStarted s => $"{Time()} {s.Task} started" + (s.Attempt > 1 ? $" (attempt {s.Attempt})" : ""),
        RunEvents.TaskSucceeded s => $"{Time()} {s.Task} {console.Green("succeeded")}{Took(s.Task)}",
        RunEvents.TaskFailed f => $"{Time()} {f.Task} {console.Red("failed")} (attempt {f.Attempt}: {f.Reason}){Took(f.Task)} — log: {DisplayPath.Of(Path.Combine(logsDir, f.Task + ".log"))}",
        RunEvents.TaskRetryScheduled r => $"{Time()} {r.Task} retries in {DurationText.Format(r.Delay)} (attempt {r.NextAttempt})",
        RunEvents.TaskSkipped s => $"{Time()} {s.Task} skipped ({s.Reason})",
        RunEvents.TaskUpstreamFailed u => $"{Time()} {u.Task} upstream_failed ({u.Upstream} did not succeed)",
        _ => null,
    };

    private static string Reused(IReadOnlyList<RunEvents.ReusedTask> reused) =>
        "reused: " + string.Join(", ", reused.Select(task => task.Status == TaskStatus.Success ? task.Name : $"{task.Name} ({StatusNames.Of(task.Status)})"));

    private string Took(string task) =>
        _state?.Tasks.GetValueOrDefault(task) is { AttemptStartedAt: { } start, FinishedAt: { } end } ? $" in {Seconds(end - start)}" : "";

    private string Time() => console.Dim(DateTime.Now.ToString("HH:mm:ss"));

    public static string Seconds(TimeSpan span) =>
        span.TotalSeconds < 60 ? $"{span.TotalSeconds:0.0}s" : DurationText.Format(TimeSpan.FromSeconds(Math.Round(span.TotalSeconds)));
}
