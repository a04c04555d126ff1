using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Pit.Engine.Protocol;
using Pit.Engine.Runs;

namespace Pit.Engine.Persistence.ReadModels;

/// <summary>
/// One row of <c>pit_history</c>: a run event at its journal offset, with its run, DAG, task, a
/// snake_case event name (<see cref="Names"/>), its time and a small JSON object of its fields.
/// A secret access records the key and whether it was found, never a value (the journal has none).
/// A task's end carries the attempt's duration (from the run's state before the event).
/// </summary>
public sealed record HistoryEntry(long Offset, string RunId, string Dag, string? Task, string Event, DateTimeOffset At, string Fields)
{
    /// <summary>The event names of <c>pit_history.event</c> (and <c>pit history --json</c>).</summary>
    public static class Names
    {
        public const string RunCreated = "run_created";
        public const string TaskStarted = "task_started";
        public const string TaskSucceeded = "task_succeeded";
        public const string TaskFailed = "task_failed";
        public const string TaskRetryScheduled = "task_retry_scheduled";
        public const string TaskSkipped = "task_skipped";
        public const string TaskUpstreamFailed = "task_upstream_failed";
        public const string SecretAccessed = "secret_accessed";
        public const string ContextSet = "context_set";
        public const string RunFinished = "run_finished";
    }

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The row for <paramref name="evt"/>; <paramref name="before"/> is its run's state before it (null when unknown).</summary>
    public static HistoryEntry? Of(long offset, IPitEvent evt, DagRunState? before)
    {
        if (evt is not IWithRunId withRun) return null;
        var runId = withRun.RunId;
        // The run's DAG from its state; from its id (parsed) only for a run the read model does not hold.
        var dagOfRun = before?.Dag;
        if (string.IsNullOrEmpty(dagOfRun) && !RunIds.TryDagOf(runId, out dagOfRun)) return null;
        var buffer = Buffer ??= new ArrayBufferWriter<byte>(1024);
        var json = Writer ??= new Utf8JsonWriter(buffer, JsonOptions);
        buffer.ResetWrittenCount();
        json.Reset(buffer);
        json.WriteStartObject();
        var (dag, task, name, at) = Write(json, evt, before, dagOfRun);
        json.WriteEndObject();
        json.Flush();
        return name is null ? null : new HistoryEntry(offset, runId, dag, task, name, at, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    // One writer per thread, reused for every event: a rebuild writes hundreds of thousands.
    [ThreadStatic] private static ArrayBufferWriter<byte>? Buffer;
    [ThreadStatic] private static Utf8JsonWriter? Writer;

    private static (string Dag, string? Task, string? Name, DateTimeOffset At) Write(Utf8JsonWriter json, IPitEvent evt, DagRunState? before, string dag)
    {
        switch (evt)
        {
            case RunEvents.RunCreated c:
                json.WriteString("trigger", c.Trigger);
                json.WriteString("snapshot_hash", c.SnapshotHash);
                json.WriteNumber("tasks", c.Tasks.Count);
                if (c.LogicalTime is { } logical) json.WriteString("logical_time", DbTime.Of(logical));
                if (c.Parameters is { Count: > 0 } parameters)
                {
                    json.WriteStartObject("parameters");
                    foreach (var (key, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal)) json.WriteString(key, value);
                    json.WriteEndObject();
                }
                return (c.Dag, null, Names.RunCreated, c.At);
            case RunEvents.TaskStarted s:
                json.WriteNumber("attempt", s.Attempt);
                if (s.Pid is { } pid) json.WriteNumber("pid", pid);
                return (dag, s.Task, Names.TaskStarted, s.At);
            case RunEvents.TaskSucceeded s:
                json.WriteNumber("attempt", s.Attempt);
                WriteDuration(json, before, s.Task, s.At);
                return (dag, s.Task, Names.TaskSucceeded, s.At);
            case RunEvents.TaskFailed f:
                json.WriteNumber("attempt", f.Attempt);
                if (f.ExitCode is { } code) json.WriteNumber("exit_code", code);
                json.WriteString("reason", f.Reason);
                if (f.TimedOut) json.WriteBoolean("timed_out", true);
                WriteDuration(json, before, f.Task, f.At);
                return (dag, f.Task, Names.TaskFailed, f.At);
            case RunEvents.TaskRetryScheduled r:
                json.WriteNumber("next_attempt", r.NextAttempt);
                json.WriteNumber("delay_seconds", Math.Round(r.Delay.TotalSeconds, 3));
                return (dag, r.Task, Names.TaskRetryScheduled, r.At);
            case RunEvents.TaskSkipped s:
                json.WriteString("reason", s.Reason);
                return (dag, s.Task, Names.TaskSkipped, s.At);
            case RunEvents.TaskUpstreamFailed u:
                json.WriteString("upstream", u.Upstream);
                return (dag, u.Task, Names.TaskUpstreamFailed, u.At);
            case RunEvents.SecretAccessed a:
                json.WriteNumber("attempt", a.Attempt);
                json.WriteString("key", a.Key);
                json.WriteBoolean("found", a.Found);
                return (dag, a.Task, Names.SecretAccessed, a.At);
            case RunEvents.ContextSet c:
                json.WriteString("key", c.Key);
                json.WriteString("value", c.Value);
                return (dag, c.Task, Names.ContextSet, c.At);
            case RunEvents.RunFinished f:
                json.WriteString("state", StatusNames.Of(f.Status));
                if (f.Reason is { } reason) json.WriteString("reason", reason);
                if (before?.CreatedAt is { } created) json.WriteNumber("duration_seconds", Seconds(f.At - created));
                return (dag, null, Names.RunFinished, f.At);
            default:
                return (dag, null, null, default);
        }
    }

    /// <summary>How long the attempt that just ended ran, from its start in the run's state.</summary>
    private static void WriteDuration(Utf8JsonWriter json, DagRunState? before, string task, DateTimeOffset end)
    {
        if (before?.Tasks.GetValueOrDefault(task)?.AttemptStartedAt is { } start && end >= start)
            json.WriteNumber("duration_seconds", Seconds(end - start));
    }

    private static double Seconds(TimeSpan span) => Math.Round(span.TotalSeconds, 3);
}
