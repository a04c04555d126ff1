using Pit.Engine.Scheduling;

namespace Pit.Engine.Tests.Scheduling;

public sealed class TaskSlotsSpecs
{
    private long _ids;

    private SlotRequest Request(string task, string? pool = null, string run = "r1") => new(++_ids, run, task, 1, pool);

    private static Dictionary<string, int> Pools(params (string Name, int Size)[] pools) => pools.ToDictionary(p => p.Name, p => p.Size);

    private static List<string> Tasks(IEnumerable<SlotRequest> granted) => granted.Select(r => r.Task).ToList();

    [Fact]
    public void Without_a_workspace_limit_a_task_without_a_pool_never_waits()
    {
        var slots = new TaskSlots(null, Pools(("db", 1)));

        var granted = Enumerable.Range(1, 50).SelectMany(i => slots.Ask(Request($"t{i}"))).ToList();

        Assert.Equal(50, granted.Count);
        Assert.Equal(0, slots.WaitingCount);
        Assert.Equal(0, slots.InUseOf("db"));
    }

    [Fact]
    public void A_pool_grants_up_to_its_size_then_the_next_waits_until_a_slot_is_given_back()
    {
        var slots = new TaskSlots(null, Pools(("db", 2)));
        var a = Request("a", "db");
        var b = Request("b", "db");
        var c = Request("c", "db");

        Assert.Equal(["a"], Tasks(slots.Ask(a)));
        Assert.Equal(["b"], Tasks(slots.Ask(b)));
        Assert.Empty(slots.Ask(c));
        Assert.True(slots.IsWaiting(c.Id));
        Assert.Equal(2, slots.InUseOf("db"));

        Assert.Equal(["c"], Tasks(slots.Release(a.Id)));
        Assert.True(slots.Holds(c.Id));
        Assert.Equal(2, slots.InUseOf("db"));
    }

    [Fact]
    public void Requests_of_one_pool_are_granted_first_in_first_out()
    {
        var slots = new TaskSlots(null, Pools(("db", 1)));
        var first = Request("first", "db", run: "r1");
        slots.Ask(first);
        var second = Request("second", "db", run: "r2");
        var third = Request("third", "db", run: "r3");
        slots.Ask(second);
        slots.Ask(third);

        var afterFirst = Tasks(slots.Release(first.Id));
        var afterSecond = Tasks(slots.Release(second.Id));

        Assert.Equal(["second"], afterFirst);
        Assert.Equal(["third"], afterSecond);
    }

    [Fact]
    public void A_request_waiting_for_a_full_pool_does_not_hold_back_tasks_of_another_pool_or_of_none()
    {
        var slots = new TaskSlots(4, Pools(("db", 1), ("ftp", 1)));
        slots.Ask(Request("load", "db"));
        var waiting = Request("load_more", "db");
        slots.Ask(waiting);

        var ftp = slots.Ask(Request("fetch", "ftp"));
        var plain = slots.Ask(Request("report"));

        Assert.True(slots.IsWaiting(waiting.Id));
        Assert.Equal(["fetch"], Tasks(ftp));
        Assert.Equal(["report"], Tasks(plain));
        Assert.Equal(3, slots.InUse);
    }

    [Fact]
    public void Max_active_tasks_counts_the_tasks_of_every_run_together()
    {
        var slots = new TaskSlots(2, Pools());
        var a = Request("a", run: "r1");

        slots.Ask(a);
        slots.Ask(Request("a", run: "r2"));
        var third = Request("b", run: "r1");
        var whileFull = slots.Ask(third);

        Assert.Empty(whileFull);
        Assert.Equal(2, slots.InUse);
        Assert.Equal(["b"], Tasks(slots.Release(a.Id)));
    }

    [Fact]
    public void A_later_task_without_a_pool_does_not_take_the_workspace_slot_an_earlier_pool_task_waits_for()
    {
        var slots = new TaskSlots(2, Pools(("db", 2)));
        var x = Request("x");
        slots.Ask(x);
        slots.Ask(Request("y"));
        var pooled = Request("pooled", "db");
        var later = Request("later");
        slots.Ask(pooled);
        slots.Ask(later);

        var granted = Tasks(slots.Release(x.Id));

        Assert.Equal(["pooled"], granted);
        Assert.True(slots.IsWaiting(later.Id));
    }

    [Fact]
    public void A_request_taken_out_of_line_lets_the_ones_behind_it_go()
    {
        var slots = new TaskSlots(null, Pools(("db", 1)));
        var holder = Request("holder", "db");
        slots.Ask(holder);
        var cancelled = Request("cancelled", "db");
        var next = Request("next", "db");
        slots.Ask(cancelled);
        slots.Ask(next);

        Assert.Empty(slots.Release(cancelled.Id));
        var granted = Tasks(slots.Release(holder.Id));

        Assert.Equal(["next"], granted);
        Assert.False(slots.IsWaiting(cancelled.Id));
        Assert.False(slots.Holds(cancelled.Id));
    }

    [Fact]
    public void Releasing_a_run_gives_back_what_it_held_and_takes_its_requests_out_of_line()
    {
        var slots = new TaskSlots(null, Pools(("db", 1)));
        var held = Request("a", "db", run: "stopped");
        slots.Ask(held);
        var waitingOfStopped = Request("b", "db", run: "stopped");
        var other = Request("a", "db", run: "other");
        slots.Ask(waitingOfStopped);
        slots.Ask(other);

        var granted = slots.ReleaseRun("stopped");

        Assert.Equal([other.Id], granted.Select(r => r.Id));
        Assert.False(slots.Holds(held.Id));
        Assert.False(slots.IsWaiting(waitingOfStopped.Id));
        Assert.Equal(1, slots.InUseOf("db"));
    }

    [Fact]
    public void Releasing_twice_or_an_unknown_request_changes_nothing()
    {
        var slots = new TaskSlots(null, Pools(("db", 1)));
        var a = Request("a", "db");
        slots.Ask(a);
        slots.Release(a.Id);
        var b = Request("b", "db");
        slots.Ask(b);

        Assert.Empty(slots.Release(a.Id));
        Assert.Empty(slots.Release(9999));
        Assert.True(slots.Holds(b.Id));
        Assert.Equal(1, slots.InUseOf("db"));
    }

    [Fact]
    public void Asking_twice_with_one_request_takes_one_slot()
    {
        var slots = new TaskSlots(null, Pools(("db", 2)));
        var a = Request("a", "db");

        slots.Ask(a);
        var again = slots.Ask(a);

        Assert.Empty(again);
        Assert.Equal(1, slots.InUseOf("db"));
    }

    [Fact]
    public void A_pool_the_workspace_does_not_define_limits_nothing()
    {
        var slots = new TaskSlots(null, Pools());

        var granted = Tasks(slots.Ask(Request("a", "gone")).Concat(slots.Ask(Request("b", "gone"))));

        Assert.Equal(["a", "b"], granted);
        Assert.Equal(0, slots.InUseOf("gone"));
    }

    [Fact]
    public void The_wait_reason_names_the_full_pool_or_the_workspace_limit()
    {
        var slots = new TaskSlots(3, Pools(("db", 2)));
        slots.Ask(Request("a", "db"));
        slots.Ask(Request("b", "db"));
        var pooled = Request("c", "db");
        slots.Ask(pooled);
        slots.Ask(Request("d"));
        var plain = Request("e");
        slots.Ask(plain);

        Assert.Equal("a slot of pool db (2 in use)", slots.WaitReason(pooled));
        Assert.Equal("a workspace task slot (max_active_tasks = 3, 3 in use)", slots.WaitReason(plain));
    }

    [Fact]
    public void Each_pool_counts_its_own_requests_in_line()
    {
        var slots = new TaskSlots(null, Pools(("db", 1), ("ftp", 1)));
        slots.Ask(Request("a", "db"));
        slots.Ask(Request("b", "db"));
        slots.Ask(Request("c", "db"));
        slots.Ask(Request("d", "ftp"));

        Assert.Equal((2, 0), (slots.WaitingOf("db"), slots.WaitingOf("ftp")));
        Assert.Equal(0, slots.WaitingOf("unknown"));
    }
}
