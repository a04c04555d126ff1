using Akka.Actor;
using Akka.TestKit;
using Pit.Engine.Actors;
using Pit.Engine.Protocol;
using Pit.Engine.Runners;
using Pit.Engine.Runs;

namespace Pit.Engine.Tests.Actors;

/// <summary>How a DagRun takes workspace and pool slots from the TaskSlots actor (the rest of DagRunActor is in DagRunActorSpecs).</summary>
public sealed class DagRunActorSlotSpecs : Akka.TestKit.Xunit2.TestKit, IDisposable
{
    private const string Config = """
        akka.loglevel = WARNING
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.local"
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        """;

    private static readonly Dictionary<string, int> OneDbSlot = new() { ["db"] = 1 };

    private readonly List<RunFixture> _fixtures = [];
    private readonly TestProbe _events;
    private int _runs;

    public DagRunActorSlotSpecs() : base(Config)
    {
        _events = CreateTestProbe();
        Sys.EventStream.Subscribe(_events.Ref, typeof(IPitEvent));
    }

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    private sealed record StartedRun(IActorRef Actor, string RunId, RunEnvironment Environment, RunFixture Fixture)
    {
        public string LogOf(string task) => RunPaths.Of(Fixture.RunsDir, RunId).LogOf(task);
    }

    private StartedRun Start(string pitToml, FakeExecutor executor, IActorRef slots, IReadOnlyDictionary<string, int> pools, int? maxActiveTasks = null)
    {
        var fixture = new RunFixture(pitToml);
        _fixtures.Add(fixture);
        var runId = $"20261125_110000.{++_runs:000}_demo";
        var plain = fixture.Environment(executor);
        var environment = plain with { Config = plain.Config with { Pools = pools, MaxActiveTasks = maxActiveTasks }, TaskSlots = slots };
        var run = Sys.ActorOf(DagRunActor.Props(runId, environment), runId);
        run.Tell(fixture.Start(runId), TestActor);
        ExpectMsg<DagRunCommands.RunStarted>();
        return new StartedRun(run, runId, environment, fixture);
    }

    private IActorRef Slots(IReadOnlyDictionary<string, int> pools, int? maxActiveTasks = null) =>
        Sys.ActorOf(TaskSlotsActor.Props(maxActiveTasks, pools));

    private RunEvents.RunFinished FinishedOf(string runId) =>
        _events.FishForMessage<RunEvents.RunFinished>(e => e.RunId == runId, TimeSpan.FromSeconds(10));

    /// <summary>The final status of each of <paramref name="runIds"/>, whatever order they finish in.</summary>
    private Dictionary<string, RunStatus> FinishedOf(params string[] runIds)
    {
        var finished = new Dictionary<string, RunStatus>();
        while (finished.Count < runIds.Length)
        {
            var e = _events.FishForMessage<RunEvents.RunFinished>(e => runIds.Contains(e.RunId), TimeSpan.FromSeconds(10));
            finished[e.RunId] = e.Status;
        }
        return finished;
    }

    private static string LogText(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    [Fact]
    public void Tasks_of_two_runs_sharing_a_pool_of_one_slot_run_one_after_the_other()
    {
        var slots = Slots(OneDbSlot);
        var firstExecutor = new FakeExecutor().Hold("load");
        var secondExecutor = new FakeExecutor().Hold("load");
        var first = Start(RunFixture.Toml("", "name = \"load\"; pool = \"db\""), firstExecutor, slots, OneDbSlot);
        AwaitAssert(() => Assert.Single(firstExecutor.Launches));

        var second = Start(RunFixture.Toml("", "name = \"load\"; pool = \"db\""), secondExecutor, slots, OneDbSlot);

        AwaitAssert(() => Assert.Contains("attempt 1 of task load (run " + second.RunId + ") waits for a slot of pool db (1 in use)", LogText(second.LogOf("load"))));
        Assert.Empty(secondExecutor.Launches);
        firstExecutor.Release("load", TaskOutcome.Exited(0));
        Assert.Equal(RunStatus.Succeeded, FinishedOf(first.RunId).Status);
        AwaitAssert(() => Assert.Single(secondExecutor.Launches));
        secondExecutor.Release("load", TaskOutcome.Exited(0));
        Assert.Equal(RunStatus.Succeeded, FinishedOf(second.RunId).Status);
    }

    [Fact]
    public void A_task_without_a_pool_never_asks_for_a_slot_when_the_workspace_sets_no_max_active_tasks()
    {
        var slots = CreateTestProbe();
        var executor = new FakeExecutor();
        var run = Start(RunFixture.Toml("", "name = \"a\"", "name = \"b\"; depends_on = [\"a\"]"), executor, slots.Ref, OneDbSlot);

        Assert.Equal(RunStatus.Succeeded, FinishedOf(run.RunId).Status);

        Assert.Equal(["a", "b"], executor.Started);
        Assert.False(slots.HasMessages);
    }

    [Fact]
    public void With_max_active_tasks_set_every_task_asks_and_gives_its_slot_back_when_it_settles()
    {
        var slots = CreateTestProbe();
        var executor = new FakeExecutor().On("a", _ => TaskOutcome.Exited(2));
        var run = Start(RunFixture.Toml("", "name = \"a\""), executor, slots.Ref, new Dictionary<string, int>(), maxActiveTasks: 3);

        var acquire = slots.ExpectMsg<TaskSlotsCommands.Acquire>();
        Assert.Empty(executor.Launches);
        slots.Reply(new TaskSlotsCommands.Granted(acquire.Id, acquire.Task, acquire.Attempt));

        Assert.Equal((run.RunId, "a", 1, (string?)null), (acquire.RunId, acquire.Task, acquire.Attempt, acquire.Pool));
        Assert.Equal(acquire.Id, slots.ExpectMsg<TaskSlotsCommands.Release>().Id);
        Assert.Equal(RunStatus.Failed, FinishedOf(run.RunId).Status);
    }

    [Fact]
    public void A_retry_waiting_for_its_delay_holds_no_slot_and_asks_again_when_due()
    {
        var slots = Slots(OneDbSlot);
        var flakyExecutor = new FakeExecutor().On("flaky", attempt => TaskOutcome.Exited(attempt == 1 ? 1 : 0));
        var flaky = Start(RunFixture.Toml("", "name = \"flaky\"; pool = \"db\"; retries = 1; retry_delay = \"10s\""), flakyExecutor, slots, OneDbSlot);
        var retry = _events.FishForMessage<RunEvents.TaskRetryScheduled>(e => e.RunId == flaky.RunId);

        var otherExecutor = new FakeExecutor().Hold("other");
        var other = Start(RunFixture.Toml("", "name = \"other\"; pool = \"db\""), otherExecutor, slots, OneDbSlot);
        AwaitAssert(() => Assert.Single(otherExecutor.Launches));
        Clock.Advance(retry.Delay);

        AwaitAssert(() => Assert.Contains("attempt 2 of task flaky (run " + flaky.RunId + ") waits for a slot of pool db", LogText(flaky.LogOf("flaky"))));
        Assert.Single(flakyExecutor.Launches);
        otherExecutor.Release("other", TaskOutcome.Exited(0));
        var finished = FinishedOf(flaky.RunId, other.RunId);
        Assert.Equal([RunStatus.Succeeded, RunStatus.Succeeded], [finished[flaky.RunId], finished[other.RunId]]);
        Assert.Equal([1, 2], flakyExecutor.Launches.Select(l => l.Attempt));
    }

    [Fact]
    public void A_run_cancelled_while_its_task_waits_for_a_slot_stops_waiting_and_never_starts_the_task()
    {
        var slots = Slots(OneDbSlot);
        var holderExecutor = new FakeExecutor().Hold("load");
        var holder = Start(RunFixture.Toml("", "name = \"load\"; pool = \"db\""), holderExecutor, slots, OneDbSlot);
        AwaitAssert(() => Assert.Single(holderExecutor.Launches));
        var waiterExecutor = new FakeExecutor();
        var waiter = Start(RunFixture.Toml("", "name = \"load\"; pool = \"db\"", "name = \"after\"; depends_on = [\"load\"]"), waiterExecutor, slots, OneDbSlot);
        AwaitAssert(() => Assert.Contains("waits for a slot of pool db", LogText(waiter.LogOf("load"))));

        waiter.Actor.Tell(new DagRunCommands.CancelRun(waiter.RunId, "cancelled by the user"));

        Assert.Equal(RunStatus.Cancelled, FinishedOf(waiter.RunId).Status);
        slots.Tell(new TaskSlotsCommands.GetUsage(), TestActor);
        var usage = ExpectMsg<TaskSlotsCommands.Usage>();
        Assert.Equal((1, 0), (usage.InUse, usage.Waiting));
        holderExecutor.Release("load", TaskOutcome.Exited(0));
        Assert.Equal(RunStatus.Succeeded, FinishedOf(holder.RunId).Status);
        Assert.Empty(waiterExecutor.Launches);
    }

    [Fact]
    public void A_stopped_run_gives_its_slot_back_and_asks_again_when_it_resumes()
    {
        var slots = Slots(OneDbSlot);
        var executor = new FakeExecutor().Hold("load");
        var stopped = Start(RunFixture.Toml("", "name = \"load\"; pool = \"db\"; retries = 1"), executor, slots, OneDbSlot);
        _events.AwaitRecordedStart(Clock, e => e.RunId == stopped.RunId);
        var otherExecutor = new FakeExecutor().Hold("load");
        var other = Start(RunFixture.Toml("", "name = \"load\"; pool = \"db\""), otherExecutor, slots, OneDbSlot);
        AwaitAssert(() => Assert.Contains("waits for a slot of pool db", LogText(other.LogOf("load"))));

        Watch(stopped.Actor);
        Sys.Stop(stopped.Actor);
        ExpectTerminated(stopped.Actor);
        AwaitAssert(() => Assert.Single(otherExecutor.Launches));

        var resumedExecutor = new FakeExecutor();
        this.ActorOfOnceFree(DagRunActor.Props(stopped.RunId, stopped.Environment with { Executor = resumedExecutor }), stopped.RunId);
        var retry = _events.FishForMessage<RunEvents.TaskRetryScheduled>(e => e.RunId == stopped.RunId);
        Clock.Advance(retry.Delay + TimeSpan.FromMilliseconds(1));
        AwaitAssert(() => Assert.Contains("attempt 2 of task load (run " + stopped.RunId + ") waits for a slot of pool db", LogText(stopped.LogOf("load"))));
        Assert.Empty(resumedExecutor.Launches);
        otherExecutor.Release("load", TaskOutcome.Exited(0));

        Assert.Equal(RunStatus.Succeeded, FinishedOf(stopped.RunId).Status);
        Assert.Equal([2], resumedExecutor.Launches.Select(l => l.Attempt));
    }

    public new void Dispose()
    {
        foreach (var fixture in _fixtures) fixture.Dispose();
        base.Dispose();
    }
}
