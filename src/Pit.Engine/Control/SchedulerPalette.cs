using System.Text.Json.Nodes;
using Akka.Actor;
using Pit.Engine.Protocol;

namespace Pit.Engine.Control;

/// <summary>
/// <c>scheduler show</c>, registered by the Scheduler: its armed timers, queued triggers, paused
/// DAGs and active runs (asked of the Scheduler), and the workspace's pools (asked of the TaskSlots actor, which owns them).
/// </summary>
public static class SchedulerPalette
{
    public const string Name = "scheduler";

    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(10);

    /// <param name="slots">The TaskSlots actor; null when the engine has none (no pools shown).</param>
    public static ControlPalette For(IActorRef scheduler, IActorRef? slots) => new(Name, "the Scheduler: timers, queues, pools, paused DAGs",
    [
        new("show", "armed timers, queued triggers, pools (size, used, waiting), paused DAGs, active run count", call => ShowAsync(scheduler, slots, call)),
    ]);

    private static async Task<JsonNode?> ShowAsync(IActorRef scheduler, IActorRef? slots, ControlCall call)
    {
        var asked = scheduler.Ask<SchedulerQueries.Overview>(new SchedulerQueries.GetOverview(), QueryTimeout, call.Cancel);
        var pools = slots is null ? null : await slots.Ask<TaskSlotsCommands.PoolsInUse>(new TaskSlotsCommands.GetPools(), QueryTimeout, call.Cancel);
        var overview = await asked;
        return new JsonObject
        {
            ["paused"] = ControlJson.Strings(overview.Paused),
            ["timers"] = ControlJson.Array(overview.Timers.Select(t => (JsonNode?)new JsonObject
            {
                ["dag"] = t.Dag,
                ["next_fire"] = ControlJson.Time(t.NextFire),
            })),
            ["queues"] = ControlJson.Array(overview.Queues.Select(q => (JsonNode?)new JsonObject
            {
                ["dag"] = q.Dag,
                ["queued"] = q.Queued,
            })),
            ["pools"] = ControlJson.Array((pools?.Pools ?? []).Select(p => (JsonNode?)new JsonObject
            {
                ["name"] = p.Name,
                ["size"] = p.Size,
                ["used"] = p.Used,
                ["waiting"] = p.Waiting,
            })),
            ["active_runs"] = overview.ActiveRuns,
            ["task_slots"] = pools is null ? null : new JsonObject
            {
                ["used"] = pools.InUse,
                ["max_active_tasks"] = pools.MaxActiveTasks,
                ["waiting"] = pools.Waiting,
            },
        };
    }
}
