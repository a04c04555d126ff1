namespace Pit.Engine.Protocol;

/// <summary>
/// Every state transition of a run, persisted by its DagRun (persistenceId <c>run-&lt;runId&gt;</c>)
/// and replayed to rebuild it. Each has one stable manifest in <c>PitEventSerializer</c>: never
/// rename a manifest; add a new event instead.
/// </summary>
public static class RunEvents
{
    /// <summary>
    /// A run began: what triggered it, the snapshot it runs from, and the tasks it plans. A rerun
    /// names the run it reruns (<paramref name="RerunOf"/>) and the tasks of the plan that do not
    /// run again but keep how they ended there (<paramref name="Reused"/>).
    /// </summary>
    public sealed record RunCreated(
        string RunId,
        string Dag,
        string Trigger,
        string SnapshotHash,
        IReadOnlyList<PlannedTask> Tasks,
        DateTimeOffset At,
        DateTimeOffset? LogicalTime = null,
        IReadOnlyDictionary<string, string>? Parameters = null,
        string? RerunOf = null,
        IReadOnlyList<ReusedTask>? Reused = null) : IWithRunId, IPitEvent;

    /// <summary>A task of the plan and the tasks it waits for (only those in the plan).</summary>
    public sealed record PlannedTask(string Name, IReadOnlyList<string> DependsOn);

    /// <summary>A task of a rerun that keeps the outcome it had in the rerun run (usually <c>success</c>): settled from the start, never launched.</summary>
    public sealed record ReusedTask(string Name, TaskStatus Status, int? ExitCode = null, string? Reason = null);

    public sealed record TaskStarted(string RunId, string Task, int Attempt, int? Pid, DateTimeOffset At) : IWithRunId, IPitEvent;

    public sealed record TaskSucceeded(string RunId, string Task, int Attempt, DateTimeOffset At) : IWithRunId, IPitEvent;

    /// <summary>An attempt failed. <see cref="ExitCode"/> is null when the process never ran or was killed.</summary>
    public sealed record TaskFailed(string RunId, string Task, int Attempt, int? ExitCode, string Reason, bool TimedOut, DateTimeOffset At) : IWithRunId, IPitEvent;

    public sealed record TaskRetryScheduled(string RunId, string Task, int NextAttempt, TimeSpan Delay, DateTimeOffset At) : IWithRunId, IPitEvent;

    public sealed record TaskSkipped(string RunId, string Task, string Reason, DateTimeOffset At) : IWithRunId, IPitEvent, IWithTask;

    public sealed record TaskUpstreamFailed(string RunId, string Task, string Upstream, DateTimeOffset At) : IWithRunId, IPitEvent, IWithTask;

    /// <summary>A task asked for a secret through the SDK socket: the key and whether it was found, never the value.</summary>
    public sealed record SecretAccessed(string RunId, string Task, int Attempt, string Key, bool Found, DateTimeOffset At) : IWithRunId, IPitEvent;

    /// <summary>A task set a key of the run's context (a JSON value, as text) through the SDK socket.</summary>
    public sealed record ContextSet(string RunId, string Task, string Key, string Value, DateTimeOffset At) : IWithRunId, IPitEvent;

    /// <summary>The run ended in <see cref="Status"/> (never <see cref="RunStatus.Running"/>).</summary>
    public sealed record RunFinished(string RunId, RunStatus Status, string? Reason, DateTimeOffset At) : IWithRunId, IPitEvent;
}
