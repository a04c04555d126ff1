namespace Pit.Engine.Protocol;

/// <summary>Between a DagRun and the TaskSlots actor (<c>/user/pit/slots</c>): the workspace's <c>max_active_tasks</c> and pools.</summary>
public static class TaskSlotsCommands
{
    /// <summary>
    /// Attempt <paramref name="Attempt"/> of a task wants to start: answered with <see cref="Granted"/>,
    /// after a <see cref="Waiting"/> when it has to wait. <paramref name="Id"/> is new for every request.
    /// </summary>
    /// <param name="Pool">The task's pool, or null.</param>
    public sealed record Acquire(long Id, string RunId, string Task, int Attempt, string? Pool);

    /// <summary>The request's slots are the task's until it sends <see cref="Release"/>.</summary>
    public sealed record Granted(long Id, string Task, int Attempt);

    /// <summary>The request waits in line; <paramref name="Reason"/> says for what (<c>a slot of pool db (2 in use)</c>).</summary>
    public sealed record Waiting(long Id, string Task, int Attempt, string Reason);

    /// <summary>The attempt settled (or will not start): its slots go back, or its request leaves the line.</summary>
    public sealed record Release(long Id);

    /// <summary>Everything the run holds or waits for goes back (the run stopped or restarts).</summary>
    public sealed record ReleaseRun(string RunId);

    /// <summary>How the slots are used; answered with <see cref="Usage"/>.</summary>
    public sealed record GetUsage;

    /// <param name="InUse">Tasks holding slots across all runs.</param>
    /// <param name="MaxActiveTasks">The workspace's limit, or null.</param>
    /// <param name="Pools">Slots in use per pool.</param>
    /// <param name="Waiting">Requests in line.</param>
    public sealed record Usage(int InUse, int? MaxActiveTasks, IReadOnlyDictionary<string, int> Pools, int Waiting);

    /// <summary>Each pool's size, slots in use and requests in line; answered with <see cref="PoolsInUse"/>.</summary>
    public sealed record GetPools;

    /// <param name="Pools">Every pool of the workspace, by name.</param>
    /// <param name="InUse">Tasks holding slots across all runs.</param>
    /// <param name="MaxActiveTasks">The workspace's limit, or null.</param>
    /// <param name="Waiting">Requests in line, whatever they wait for.</param>
    public sealed record PoolsInUse(IReadOnlyList<PoolUsage> Pools, int InUse, int? MaxActiveTasks, int Waiting);

    public sealed record PoolUsage(string Name, int Size, int Used, int Waiting);
}
