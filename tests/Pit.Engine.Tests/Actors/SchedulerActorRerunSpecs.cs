using Akka.Actor;
using Akka.TestKit;
using Pit.Core.Dags;
using Pit.Core.Workspace;
using Pit.Engine.Actors;
using Pit.Engine.Protocol;
using Pit.Engine.Runs;
using Pit.Engine.Scheduling;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Tests.Actors;

/// <summary>
/// Reruns and backfill triggers through the Scheduler, against a real catalog and a probe in place of
/// the RunRegistry (which plans reruns and starts runs), answered by hand.
/// </summary>
public sealed class SchedulerActorRerunSpecs : Akka.TestKit.Xunit2.TestKit
{
    private const string Config = """
        akka.loglevel = WARNING
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    private const string Root = "/tmp/pit-scheduler-rerun-specs";
    private const string Original = "20261125_100000.000_etl";
    private static readonly SchedulerOptions Service = SchedulerOptions.Service with { ResumeUnfinished = false, CheckRequirements = false, PreciseTimers = false };
    private static readonly IReadOnlyDictionary<string, string> NoParameters = new Dictionary<string, string>();

    private readonly TestProbe _runs;

    public SchedulerActorRerunSpecs() : base(Config) => _runs = CreateTestProbe();

    private static DagDefinition Etl(OverlapPolicy overlap) => new()
    {
        Name = "etl",
        ProjectDir = $"{Root}/projects/etl",
        File = $"{Root}/projects/etl/pit.toml",
        Overlap = overlap,
        Tasks = [new TaskDefinition { Name = "extract", Script = "extract.sh", Runner = TaskRunner.Bash }, new TaskDefinition { Name = "load", Script = "load.sh", Runner = TaskRunner.Bash, DependsOn = ["extract"] }],
    };

    private IActorRef Scheduler(OverlapPolicy overlap)
    {
        var dag = Etl(overlap);
        var workspace = new Workspace(Root, WorkspaceConfig.Defaults(Root), [], [new ProjectLoad("etl", dag.File, dag, [])]);
        return Sys.ActorOf(SchedulerActor.Props(Sys.ActorOf(ProjectCatalogActor.Props(workspace)), _runs.Ref, Service));
    }

    /// <summary>A rerun as the registry plans it: from the run's snapshot (another project folder), extract reused.</summary>
    private static Rerun Planned(RerunOrder order) => new(order, Etl(OverlapPolicy.Skip) with { ProjectDir = $"{Root}/runs/{Original}/project" },
        [new("extract", []), new("load", ["extract"])], [new("extract", TaskStatus.Success, 0)], [], "sha256:original", $"{Root}/runs/{Original}/data",
        new Dictionary<string, string> { ["day"] = "2026-11-24" }, new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero));

    /// <summary>The registry's side: plans the rerun it is asked for.</summary>
    private Rerun PlannedByRegistry()
    {
        var prepare = _runs.ExpectMsg<RunRegistryQueries.PrepareRerun>();
        var rerun = Planned(prepare.Order);
        _runs.Reply(new RunRegistryQueries.RerunPrepared(rerun));
        return rerun;
    }

    private DagRunCommands.StartRun StartedByRegistry()
    {
        var start = _runs.ExpectMsg<DagRunCommands.StartRun>();
        _runs.Reply(new DagRunCommands.RunStarted(start.RunId));
        return start;
    }

    private string RunByHand(IActorRef scheduler)
    {
        scheduler.Tell(new SchedulerCommands.TriggerRun("etl", null, "manual", NoParameters));
        var start = StartedByRegistry();
        ExpectMsg<SchedulerCommands.TriggerAccepted>();
        return start.RunId;
    }

    private void Finish(string runId) => Sys.EventStream.Publish(new RunEvents.RunFinished(runId, RunStatus.Succeeded, null, Sys.Scheduler.Now));

    [Fact]
    public void A_rerun_is_planned_by_the_registry_and_started_from_its_snapshot_with_its_plan_parameters_and_logical_time()
    {
        var scheduler = Scheduler(OverlapPolicy.Skip);

        scheduler.Tell(new SchedulerCommands.Rerun(new RerunOrder(Original, RerunMode.Failed)));
        var rerun = PlannedByRegistry();
        var start = StartedByRegistry();

        Assert.Equal(new RerunOrder(Original, RerunMode.Failed), rerun.Order);
        Assert.Equal((rerun.Order, rerun.Reused), (start.Rerun!.Order, start.Rerun.Reused));
        Assert.Equal((TriggerNames.Rerun, rerun.Dag.ProjectDir, "2026-11-24"), (start.Trigger, start.Dag.ProjectDir, start.Parameters["day"]));
        Assert.Equal(rerun.LogicalTime, start.LogicalTime);
        Assert.Same(rerun.Plan, start.Plan);
        Assert.Equal(start.RunId, ExpectMsg<SchedulerCommands.TriggerAccepted>().RunId);
    }

    [Fact]
    public void A_rerun_the_registry_cannot_plan_is_refused_with_its_reason()
    {
        var scheduler = Scheduler(OverlapPolicy.Skip);

        scheduler.Tell(new SchedulerCommands.Rerun(new RerunOrder(Original, RerunMode.All)));
        _runs.ExpectMsg<RunRegistryQueries.PrepareRerun>();
        _runs.Reply(new SchedulerCommands.TriggerRejected(SchedulerCommands.RejectionKind.RunActive, $"run '{Original}' is still running", []));

        Assert.Equal(SchedulerCommands.RejectionKind.RunActive, ExpectMsg<SchedulerCommands.TriggerRejected>().Kind);
        _runs.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    /// <summary>The snapshot's pit.toml says overlap = skip; the catalog's (the DAG now) says queue, and decides.</summary>
    [Fact]
    public void A_rerun_queued_behind_an_active_run_survives_a_restart_planned_again()
    {
        var before = Scheduler(OverlapPolicy.Queue);
        RunByHand(before);
        before.Tell(new SchedulerCommands.Rerun(new RerunOrder(Original, RerunMode.From, "load")));
        PlannedByRegistry();
        Assert.Equal(new SchedulerCommands.TriggerQueued("etl", 1), ExpectMsg<SchedulerCommands.TriggerQueued>());
        Watch(before);
        Sys.Stop(before);
        ExpectTerminated(before);

        Scheduler(OverlapPolicy.Queue);
        var again = PlannedByRegistry();
        var start = StartedByRegistry();

        Assert.Equal(new RerunOrder(Original, RerunMode.From, "load"), again.Order);
        Assert.Equal((TriggerNames.Rerun, again.Of), (start.Trigger, start.Rerun!.Of));
    }

    [Fact]
    public void A_backfill_trigger_waits_behind_an_active_run_even_with_overlap_skip_and_keeps_its_logical_time()
    {
        var scheduler = Scheduler(OverlapPolicy.Skip);
        var manual = RunByHand(scheduler);
        var occurrence = new DateTimeOffset(2025, 1, 1, 6, 0, 0, TimeSpan.Zero);

        scheduler.Tell(new SchedulerCommands.TriggerRun("etl", null, "api", NoParameters));
        var dropped = ExpectMsg<SchedulerCommands.TriggerRejected>();
        scheduler.Tell(new SchedulerCommands.TriggerRun("etl", null, TriggerNames.Backfill, NoParameters, occurrence));
        ExpectMsg<SchedulerCommands.TriggerQueued>();
        Finish(manual);
        var start = StartedByRegistry();

        Assert.Equal(SchedulerCommands.RejectionKind.Overlap, dropped.Kind);
        Assert.Equal((TriggerNames.Backfill, (DateTimeOffset?)occurrence), (start.Trigger, start.LogicalTime));
    }
}
