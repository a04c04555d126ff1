using Akka.Actor;
using Akka.TestKit;
using Pit.Engine.Actors;
using Pit.Engine.Protocol;

namespace Pit.Engine.Tests.Actors;

public sealed class TaskSlotsActorSpecs : Akka.TestKit.Xunit2.TestKit
{
    private long _ids;

    public TaskSlotsActorSpecs() : base("akka.loglevel = WARNING")
    {
    }

    private IActorRef Slots(int? maxActiveTasks, params (string Name, int Size)[] pools) =>
        Sys.ActorOf(TaskSlotsActor.Props(maxActiveTasks, pools.ToDictionary(p => p.Name, p => p.Size)));

    private TaskSlotsCommands.Acquire Acquire(string run, string task, string? pool = null) => new(++_ids, run, task, 1, pool);

    private TaskSlotsCommands.Usage Usage(IActorRef slots)
    {
        slots.Tell(new TaskSlotsCommands.GetUsage(), TestActor);
        return ExpectMsg<TaskSlotsCommands.Usage>();
    }

    [Fact]
    public void A_free_slot_is_granted_at_once()
    {
        var slots = Slots(null, ("db", 1));
        var run = CreateTestProbe();
        var acquire = Acquire("r1", "load", "db");

        slots.Tell(acquire, run.Ref);

        var granted = run.ExpectMsg<TaskSlotsCommands.Granted>();
        Assert.Equal((acquire.Id, "load", 1), (granted.Id, granted.Task, granted.Attempt));
        Assert.Equal(1, Usage(slots).Pools["db"]);
    }

    [Fact]
    public void A_task_of_a_full_pool_is_told_why_it_waits_and_gets_the_slot_when_it_is_given_back()
    {
        var slots = Slots(null, ("db", 1));
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        var held = Acquire("r1", "load", "db");
        slots.Tell(held, first.Ref);
        first.ExpectMsg<TaskSlotsCommands.Granted>();

        var waits = Acquire("r2", "load", "db");
        slots.Tell(waits, second.Ref);
        var waiting = second.ExpectMsg<TaskSlotsCommands.Waiting>();
        slots.Tell(new TaskSlotsCommands.Release(held.Id), first.Ref);

        Assert.Equal("a slot of pool db (1 in use)", waiting.Reason);
        Assert.Equal(waits.Id, second.ExpectMsg<TaskSlotsCommands.Granted>().Id);
    }

    [Fact]
    public void A_run_that_stops_gives_back_what_it_held_and_waited_for()
    {
        var slots = Slots(1);
        var stopping = CreateTestProbe();
        var other = CreateTestProbe();
        slots.Tell(Acquire("r1", "a"), stopping.Ref);
        stopping.ExpectMsg<TaskSlotsCommands.Granted>();
        slots.Tell(Acquire("r1", "b"), stopping.Ref);
        stopping.ExpectMsg<TaskSlotsCommands.Waiting>();
        var waits = Acquire("r2", "a");
        slots.Tell(waits, other.Ref);
        other.ExpectMsg<TaskSlotsCommands.Waiting>();

        Sys.Stop(stopping.Ref);

        Assert.Equal(waits.Id, other.ExpectMsg<TaskSlotsCommands.Granted>().Id);
        var usage = Usage(slots);
        Assert.Equal((1, 0), (usage.InUse, usage.Waiting));
    }

    [Fact]
    public void A_restarting_run_gives_back_everything_and_can_ask_again()
    {
        var slots = Slots(null, ("db", 1));
        var run = CreateTestProbe();
        var other = CreateTestProbe();
        slots.Tell(Acquire("r1", "load", "db"), run.Ref);
        run.ExpectMsg<TaskSlotsCommands.Granted>();
        var waits = Acquire("r2", "load", "db");
        slots.Tell(waits, other.Ref);
        other.ExpectMsg<TaskSlotsCommands.Waiting>();

        slots.Tell(new TaskSlotsCommands.ReleaseRun("r1"), run.Ref);
        var again = Acquire("r1", "load", "db");
        slots.Tell(again, run.Ref);

        Assert.Equal(waits.Id, other.ExpectMsg<TaskSlotsCommands.Granted>().Id);
        Assert.Equal(again.Id, run.ExpectMsg<TaskSlotsCommands.Waiting>().Id);
        Sys.Stop(other.Ref);
        Assert.Equal(again.Id, run.ExpectMsg<TaskSlotsCommands.Granted>().Id);
    }

    [Fact]
    public void Usage_reports_slots_in_use_per_pool_and_the_waiting_line()
    {
        var slots = Slots(2, ("db", 1), ("ftp", 3));
        var run = CreateTestProbe();
        slots.Tell(Acquire("r1", "a", "db"), run.Ref);
        slots.Tell(Acquire("r1", "b", "db"), run.Ref);
        slots.Tell(Acquire("r1", "c", "ftp"), run.Ref);
        slots.Tell(Acquire("r1", "d"), run.Ref);

        var usage = Usage(slots);

        Assert.Equal(2, usage.InUse);
        Assert.Equal(2, usage.MaxActiveTasks);
        Assert.Equal(1, usage.Pools["db"]);
        Assert.Equal(1, usage.Pools["ftp"]);
        Assert.Equal(2, usage.Waiting);
    }

    [Fact]
    public void The_pools_are_told_with_their_size_slots_in_use_and_requests_in_line()
    {
        var slots = Slots(3, ("db", 1), ("api", 2));
        var run = CreateTestProbe();
        slots.Tell(Acquire("r1", "load", "db"), run.Ref);
        run.ExpectMsg<TaskSlotsCommands.Granted>();
        slots.Tell(Acquire("r2", "load", "db"), run.Ref);
        run.ExpectMsg<TaskSlotsCommands.Waiting>();

        slots.Tell(new TaskSlotsCommands.GetPools(), TestActor);
        var pools = ExpectMsg<TaskSlotsCommands.PoolsInUse>();

        Assert.Equal([new("api", 2, 0, 0), new TaskSlotsCommands.PoolUsage("db", 1, 1, 1)], pools.Pools);
        Assert.Equal((1, 3, 1), (pools.InUse, pools.MaxActiveTasks, pools.Waiting));
    }
}
