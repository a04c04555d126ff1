using Pit.Core.Dags;

namespace Pit.Engine.Scheduling;

/// <summary>
/// A trigger the Scheduler has accepted for a valid DAG: it starts now, or waits in the DAG's
/// queue (<c>overlap = "queue"</c>) and starts as it was triggered when the active run ends.
/// </summary>
/// <param name="Task">Run only this task (no dependencies), or null for the whole DAG.</param>
/// <param name="Trigger">Who triggered it: <c>manual</c>, <c>cron</c>, <c>api</c>, <c>catchup</c>, …</param>
/// <param name="LogicalTime">For a cron or catch-up trigger, the occurrence it fires for.</param>
public sealed record RunRequest(
    DagDefinition Dag,
    string? Task,
    string Trigger,
    IReadOnlyDictionary<string, string> Parameters,
    DateTimeOffset? LogicalTime)
{
    /// <summary>Set once the trigger waits in a line: the id its <c>TriggerQueued</c> event carries.</summary>
    public string? QueueId { get; init; }

    /// <summary>A catch-up of a missed occurrence: it waits behind an active run even when the DAG's overlap is <c>skip</c>.</summary>
    public bool CatchUp { get; init; }

    /// <summary>A rerun of an ended run, planned (<see cref="Dag"/> is its snapshot's).</summary>
    public Runs.Rerun? Rerun { get; init; }

    /// <summary>
    /// The overlap policy this trigger is decided by: a catch-up or a backfill occurrence was asked
    /// for on purpose, so with <c>skip</c> it waits behind an active run rather than being dropped.
    /// </summary>
    public OverlapPolicy Overlap => (CatchUp || Trigger == Protocol.TriggerNames.Backfill) && Dag.Overlap == OverlapPolicy.Skip ? OverlapPolicy.Queue : Dag.Overlap;
}
