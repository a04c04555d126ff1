using Akka.Actor;
using Akka.TestKit;
using Pit.Engine.Actors;
using Pit.Engine.Protocol;
using Pit.Engine.Runs;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Tests.Actors;

/// <summary>A DagRun started as a rerun: it runs from the rerun run's snapshot and data, and never launches its reused tasks.</summary>
public sealed class DagRunActorRerunSpecs : Akka.TestKit.Xunit2.TestKit, IDisposable
{
    private const string Config = """
        akka.loglevel = WARNING
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.local"
        """;

    private const string Original = "20261125_100000.000_demo";
    private const string RunId = "20261125_110000.000_demo";

    private readonly RunFixture _fixture = new(RunFixture.Toml("",
        "name = \"a\"", "name = \"b\"; depends_on = [\"a\"]", "name = \"c\"; depends_on = [\"b\"]", "name = \"side\""));
    private readonly TestProbe _events;

    public DagRunActorRerunSpecs() : base(Config)
    {
        _events = CreateTestProbe();
        Sys.EventStream.Subscribe(_events.Ref, typeof(IPitEvent));
    }

    public new void Dispose()
    {
        _fixture.Dispose();
        base.Dispose();
    }

    /// <summary>The rerun run's folder: its snapshot is the fixture's project (plus a marker), its data holds one file.</summary>
    private Rerun Rerun(IReadOnlyList<RunEvents.PlannedTask> plan, IReadOnlyList<RunEvents.ReusedTask> reused, params RunEvents.ContextSet[] context)
    {
        File.WriteAllText(Path.Combine(_fixture.Dag.ProjectDir, "marker.txt"), "old code");
        var data = Path.Combine(_fixture.RunsDir, Original, "data");
        Directory.CreateDirectory(Path.Combine(data, "in"));
        File.WriteAllText(Path.Combine(data, "in", "rows.csv"), "id\n1\n");
        return new Rerun(new RerunOrder(Original, RerunMode.Failed), _fixture.Dag, plan, reused, context, "sha256:original", data,
            new Dictionary<string, string> { ["date"] = "2026-11-24" }, new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero));
    }

    private List<IPitEvent> StartAndFinish(FakeExecutor executor, Rerun rerun)
    {
        var run = Sys.ActorOf(DagRunActor.Props(RunId, _fixture.Environment(executor)), RunId);
        run.Tell(new DagRunCommands.StartRun(RunId, rerun.Dag, rerun.Plan, TriggerNames.Rerun, rerun.Parameters, rerun.LogicalTime, rerun), TestActor);
        ExpectMsg<DagRunCommands.RunStarted>();
        var events = new List<IPitEvent>();
        while (events.LastOrDefault() is not RunEvents.RunFinished) events.Add(_events.ExpectMsg<IPitEvent>(TimeSpan.FromSeconds(10)));
        return events;
    }

    [Fact]
    public async Task Reused_tasks_are_not_launched_and_their_dependents_start_from_the_rerun_runs_snapshot_and_data()
    {
        var executor = new FakeExecutor();
        var rerun = Rerun(
            [new("a", []), new("b", ["a"]), new("c", ["b"]), new("side", [])],
            [new("a", TaskStatus.Success, 0), new("side", TaskStatus.Success, 0)],
            new RunEvents.ContextSet(Original, "a", "rows", "42", DateTimeOffset.UnixEpoch));

        var events = StartAndFinish(executor, rerun);

        Assert.Equal(["b", "c"], executor.Started);
        var created = Assert.IsType<RunEvents.RunCreated>(events[0]);
        Assert.Equal((Original, "sha256:original", TriggerNames.Rerun), (created.RerunOf, created.SnapshotHash, created.Trigger));
        Assert.Equal(["a", "side"], created.Reused!.Select(r => r.Name));
        var carried = Assert.IsType<RunEvents.ContextSet>(events[1]);
        Assert.Equal((RunId, "a", "rows", "42"), (carried.RunId, carried.Task, carried.Key, carried.Value));
        Assert.Equal(RunStatus.Succeeded, Assert.IsType<RunEvents.RunFinished>(events[^1]).Status);

        var launch = executor.Launches.First();
        Assert.Equal("old code", File.ReadAllText(Path.Combine(launch.SnapshotDir, "marker.txt")));
        Assert.Equal("id\n1\n", File.ReadAllText(Path.Combine(launch.DataDir, "in", "rows.csv")));
        Assert.NotEqual(Path.Combine(_fixture.RunsDir, Original, "data"), launch.DataDir);
        Assert.Equal("2026-11-24", launch.Environment["PIT_PARAM_DATE"]);
        Assert.Equal("2026-11-24T06:00:00Z", launch.Environment["PIT_LOGICAL_TIME"]);

        // Recovered from the journal alone.
        var state = await Sys.ActorOf(DagRunActor.Props(RunId, _fixture.Environment(new FakeExecutor())))
            .Ask<DagRunState>(new DagRunCommands.GetRunState(RunId), TimeSpan.FromSeconds(10));
        Assert.Equal([("a", true), ("b", false), ("c", false), ("side", true)], state.InOrder.Select(t => (t.Name, t.Reused)));
        Assert.Equal("42", state.Context["rows"]);
        Assert.Equal("0", state.Context["a.exit_code"]);
    }

    [Fact]
    public void A_task_reused_as_failed_fails_its_dependents_and_the_run()
    {
        var executor = new FakeExecutor();
        var rerun = Rerun(
            [new("a", []), new("b", ["a"]), new("c", ["b"]), new("side", [])],
            [new("a", TaskStatus.Failed, 2, "exit code 2")]);

        var events = StartAndFinish(executor, rerun);

        Assert.Equal(["side"], executor.Started);
        Assert.Equal(["b", "c"], events.OfType<RunEvents.TaskUpstreamFailed>().Select(u => u.Task));
        var finished = Assert.IsType<RunEvents.RunFinished>(events[^1]);
        Assert.Equal((RunStatus.Failed, "failed: a"), (finished.Status, finished.Reason));
    }
}
