using Pit.Core.Dags;

namespace Pit.Engine.Scheduling;

/// <summary>
/// A trigger the Scheduler has accepted for a valid DAG: it starts now, or waits in the DAG's
/// queue (<c>overlap = "queue"</c>) and starts as it was triggered when the active run ends.
/// </summary>
/// <param name="Task">Run only this task (no dependencies), or null for the whole DAG.</param>
/// <param name="Trigger">Who triggered it: <c>manual</c>, <c>cron</c>, <c>api</c>, …</param>
/// <param name="LogicalTime">For a cron trigger, the occurrence it fires for.</param>
public sealed record RunRequest(
    DagDefinition Dag,
    string? Task,
    string Trigger,
    IReadOnlyDictionary<string, string> Parameters,
    DateTimeOffset? LogicalTime);
