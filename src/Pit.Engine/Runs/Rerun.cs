using Pit.Core.Dags;
using Pit.Engine.Protocol;

namespace Pit.Engine.Runs;

/// <summary>
/// A rerun, planned from the run it reruns (<see cref="Of"/>): the DAG as that run's snapshot
/// declares it (<see cref="DagDefinition.ProjectDir"/> is that snapshot, which the new run copies),
/// the plan, the tasks that keep how they ended, the context keys those tasks had set, the
/// snapshot's content hash, the data folder to copy, and the run's parameters and logical time.
/// </summary>
public sealed record Rerun(
    RerunOrder Order,
    DagDefinition Dag,
    IReadOnlyList<RunEvents.PlannedTask> Plan,
    IReadOnlyList<RunEvents.ReusedTask> Reused,
    IReadOnlyList<RunEvents.ContextSet> Context,
    string SnapshotHash,
    string DataDir,
    IReadOnlyDictionary<string, string> Parameters,
    DateTimeOffset? LogicalTime)
{
    /// <summary>The run this one reruns.</summary>
    public string Of => Order.RunId;
}
