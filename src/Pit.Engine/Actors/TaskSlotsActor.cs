using Akka.Actor;
using Akka.Event;
using Pit.Engine.Protocol;
using Pit.Engine.Scheduling;

namespace Pit.Engine.Actors;

/// <summary>
/// Grants task slots across runs (<c>/user/pit/slots</c>): the workspace's <c>max_active_tasks</c>
/// and its <c>[pools]</c>, decided by <see cref="TaskSlots"/>. A DagRun asks before it launches an
/// attempt that needs a slot and gives it back when the attempt settles; the actor watches each
/// asking run, so a run that stops (or crashes for good) gives back everything it held or waited for.
/// </summary>
public sealed class TaskSlotsActor : ReceiveActor
{
    private readonly TaskSlots _slots;
    private readonly int? _maxActiveTasks;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    // Who answers for each run id (one DagRun per run); grants go there.
    private readonly Dictionary<string, IActorRef> _runs = new(StringComparer.Ordinal);

    public TaskSlotsActor(int? maxActiveTasks, IReadOnlyDictionary<string, int> pools)
    {
        _maxActiveTasks = maxActiveTasks;
        _slots = new TaskSlots(maxActiveTasks, pools);

        Receive<TaskSlotsCommands.Acquire>(Acquire);
        Receive<TaskSlotsCommands.Release>(release => SendGrants(_slots.Release(release.Id)));
        Receive<TaskSlotsCommands.ReleaseRun>(release => SendGrants(_slots.ReleaseRun(release.RunId)));
        Receive<Terminated>(Stopped);
        Receive<TaskSlotsCommands.GetUsage>(_ => Sender.Tell(new TaskSlotsCommands.Usage(
            _slots.InUse,
            _maxActiveTasks,
            pools.Keys.ToDictionary(name => name, _slots.InUseOf, StringComparer.Ordinal),
            _slots.WaitingCount)));
        Receive<TaskSlotsCommands.GetPools>(_ => Sender.Tell(new TaskSlotsCommands.PoolsInUse(
            pools.OrderBy(pool => pool.Key, StringComparer.Ordinal)
                .Select(pool => new TaskSlotsCommands.PoolUsage(pool.Key, pool.Value, _slots.InUseOf(pool.Key), _slots.WaitingOf(pool.Key)))
                .ToList(),
            _slots.InUse,
            _maxActiveTasks,
            _slots.WaitingCount)));
    }

    public static Props Props(int? maxActiveTasks, IReadOnlyDictionary<string, int> pools) =>
        Akka.Actor.Props.Create(() => new TaskSlotsActor(maxActiveTasks, pools));

    private void Acquire(TaskSlotsCommands.Acquire acquire)
    {
        if (!_runs.TryGetValue(acquire.RunId, out var known) || !known.Equals(Sender))
        {
            _runs[acquire.RunId] = Sender;
            Context.Watch(Sender);
        }
        var request = new SlotRequest(acquire.Id, acquire.RunId, acquire.Task, acquire.Attempt, acquire.Pool);
        SendGrants(_slots.Ask(request));
        if (!_slots.IsWaiting(acquire.Id)) return;
        var reason = _slots.WaitReason(request);
        _log.Info("Run {0}: task {1} waits for {2}", acquire.RunId, acquire.Task, reason);
        Sender.Tell(new TaskSlotsCommands.Waiting(acquire.Id, acquire.Task, acquire.Attempt, reason));
    }

    /// <summary>A run's actor stopped: whatever it held or waited for goes back.</summary>
    private void Stopped(Terminated terminated)
    {
        foreach (var runId in _runs.Where(pair => pair.Value.Equals(terminated.ActorRef)).Select(pair => pair.Key).ToList())
        {
            _runs.Remove(runId);
            SendGrants(_slots.ReleaseRun(runId));
        }
    }

    private void SendGrants(IReadOnlyList<SlotRequest> granted)
    {
        foreach (var request in granted)
        {
            if (_runs.TryGetValue(request.RunId, out var run))
                run.Tell(new TaskSlotsCommands.Granted(request.Id, request.Task, request.Attempt));
            else
                // Nobody to start it: give the slot straight back.
                SendGrants(_slots.Release(request.Id));
        }
    }
}
