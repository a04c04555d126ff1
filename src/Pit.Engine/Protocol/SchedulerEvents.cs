namespace Pit.Engine.Protocol;

/// <summary>
/// What the Scheduler remembers across restarts (persistenceId <c>scheduler</c>, tag
/// <c>scheduler</c>): the last occurrence each schedule fired, paused DAGs, triggers waiting in a
/// queue, and triggers it refused. Each has one stable manifest in <c>PitEventSerializer</c>.
/// </summary>
public static class SchedulerEvents
{
    /// <summary>The DAG's schedule fired for <paramref name="Occurrence"/> (a cron or catch-up trigger).</summary>
    public sealed record OccurrenceFired(string Dag, DateTimeOffset Occurrence, DateTimeOffset At) : IPitEvent;

    /// <summary>A trigger that started no run: <paramref name="Kind"/> is why (overlap, requirementsUnmet, …).</summary>
    public sealed record TriggerRefused(
        string Dag,
        string Trigger,
        string Kind,
        string Reason,
        DateTimeOffset At,
        DateTimeOffset? LogicalTime = null) : IPitEvent;

    /// <summary>
    /// A trigger put in line: behind the DAG's active run (overlap = queue) or, with <paramref name="ForSlot"/>, for a run slot (max_active_runs).
    /// A rerun's carries its <paramref name="Rerun"/> order, planned again when it is put back in line after a restart.
    /// </summary>
    public sealed record TriggerQueued(
        string Id,
        string Dag,
        string? Task,
        string Trigger,
        IReadOnlyDictionary<string, string> Parameters,
        bool ForSlot,
        DateTimeOffset At,
        DateTimeOffset? LogicalTime = null,
        RerunOrder? Rerun = null) : IPitEvent;

    /// <summary>A queued trigger left its line: it started <paramref name="RunId"/>, or was dropped (null) for <paramref name="Reason"/>.</summary>
    public sealed record QueuedTriggerLeft(string Id, string? RunId, string? Reason, DateTimeOffset At) : IPitEvent;

    /// <summary>The DAG's schedule stops firing until it is resumed (manual and API triggers still run).</summary>
    public sealed record DagPaused(string Dag, DateTimeOffset At) : IPitEvent;

    /// <summary>The DAG's schedule fires again; occurrences that passed while it was paused are not caught up.</summary>
    public sealed record DagResumed(string Dag, DateTimeOffset At) : IPitEvent;

    /// <summary>The whole Scheduler state at one point of its journal (a snapshot), so a start does not replay every fire.</summary>
    public sealed record SchedulerSnapshot(
        IReadOnlyDictionary<string, DateTimeOffset> LastFires,
        IReadOnlyDictionary<string, DateTimeOffset> Paused,
        IReadOnlyDictionary<string, DateTimeOffset> Resumed,
        IReadOnlyList<TriggerQueued> Queued) : IPitEvent;
}
