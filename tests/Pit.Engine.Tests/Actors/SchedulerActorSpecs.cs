using Akka.Actor;
using Akka.TestKit;
using Pit.Core.Dags;
using Pit.Core.Time;
using Pit.Core.Validation;
using Pit.Core.Workspace;
using Pit.Engine.Actors;
using Pit.Engine.Protocol;
using Pit.Engine.Scheduling;

namespace Pit.Engine.Tests.Actors;

/// <summary>
/// The Scheduler against a real catalog (an in-memory workspace) and a probe in place of the
/// RunRegistry, which the specs answer by hand; time is Akka's TestScheduler.
/// </summary>
public sealed class SchedulerActorSpecs : Akka.TestKit.Xunit2.TestKit
{
    private const string Config = """
        akka.loglevel = INFO
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    private const string Root = "/tmp/pit-scheduler-specs";
    private static readonly IReadOnlyDictionary<string, string> NoParameters = new Dictionary<string, string>();

    private readonly TestProbe _runs;

    public SchedulerActorSpecs() : base(Config) => _runs = CreateTestProbe();

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    /// <summary>The service's options without resuming unfinished runs or checking requirements, which read a journal these specs do not have.</summary>
    private static readonly SchedulerOptions Firing = SchedulerOptions.Service with { ResumeUnfinished = false, CheckRequirements = false, PreciseTimers = false };

    private IActorRef Scheduler(SchedulerOptions options, params ProjectLoad[] projects)
    {
        var workspace = new Workspace(Root, WorkspaceConfig.Defaults(Root), [], projects);
        var catalog = Sys.ActorOf(ProjectCatalogActor.Props(workspace));
        return Sys.ActorOf(SchedulerActor.Props(catalog, _runs.Ref, options));
    }

    private static ProjectLoad Project(string name, string? schedule = null, OverlapPolicy overlap = OverlapPolicy.Skip, string timezone = "UTC", string? gitUrl = null,
        CatchupPolicy catchup = CatchupPolicy.None) =>
        new(name, $"{Root}/projects/{name}/pit.toml", new DagDefinition
        {
            Name = name,
            ProjectDir = $"{Root}/projects/{name}",
            File = $"{Root}/projects/{name}/pit.toml",
            Schedule = schedule is null ? null : CronSchedule.Parse(schedule),
            Timezone = timezone,
            Overlap = overlap,
            GitUrl = gitUrl,
            Catchup = catchup,
            Tasks =
            [
                new TaskDefinition { Name = "extract", Script = "extract.py", Runner = TaskRunner.Python },
                new TaskDefinition { Name = "load", Script = "load.py", Runner = TaskRunner.Python, DependsOn = ["extract"] },
            ],
        }, []);

    private static ProjectLoad Broken(string folder) =>
        new(folder, $"{Root}/projects/{folder}/pit.toml", null,
            [new ConfigError($"{Root}/projects/{folder}/pit.toml", 3, 12, "dag.schedule", "invalid cron \"every day\"")]);

    private static SchedulerCommands.TriggerRun Trigger(string dag, string trigger = "manual", string? task = null, IReadOnlyDictionary<string, string>? parameters = null) =>
        new(dag, task, trigger, parameters ?? NoParameters);

    /// <summary>The registry's side of a start: the next StartRun, answered as started.</summary>
    private DagRunCommands.StartRun StartedByRegistry()
    {
        var start = _runs.ExpectMsg<DagRunCommands.StartRun>();
        _runs.Reply(new DagRunCommands.RunStarted(start.RunId));
        return start;
    }

    /// <summary>Triggers <paramref name="dag"/> by hand and has the run start; returns its run id.</summary>
    private string Run(IActorRef scheduler, string dag)
    {
        scheduler.Tell(Trigger(dag));
        var start = StartedByRegistry();
        Assert.Equal(start.RunId, ExpectMsg<SchedulerCommands.TriggerAccepted>().RunId);
        return start.RunId;
    }

    private void Finish(string runId) =>
        Sys.EventStream.Publish(new RunEvents.RunFinished(runId, RunStatus.Succeeded, null, Clock.Now));

    private SchedulerQueries.DagSchedules Dags(IActorRef scheduler)
    {
        scheduler.Tell(new SchedulerQueries.GetDags());
        return ExpectMsg<SchedulerQueries.DagSchedules>();
    }

    private SchedulerQueries.DagSchedule Dag(IActorRef scheduler, string dag) => Dags(scheduler).Dags.Single(d => d.Dag == dag);

    /// <summary>Waits until the scheduler has armed <paramref name="dag"/>'s timer; returns the occurrence it waits for.</summary>
    private DateTimeOffset Armed(IActorRef scheduler, string dag, DateTimeOffset? expected = null)
    {
        DateTimeOffset armed = default;
        AwaitAssert(() =>
        {
            var next = Dag(scheduler, dag).NextFire;
            Assert.NotNull(next);
            if (expected is not null) Assert.Equal(expected, next);
            armed = next.Value;
        });
        return armed;
    }

    private DateTimeOffset NextFiveSeconds()
    {
        var now = Clock.Now;
        return CronSchedule.Parse("*/5 * * * * *").NextAfter(now, TimeZoneInfo.Utc)!.Value;
    }

    // ── Manual triggers (pit run) ──────────────────────────────────────────────────────────────

    [Fact]
    public void A_manual_trigger_starts_the_whole_dag_in_dependency_order()
    {
        var scheduler = Scheduler(SchedulerOptions.RunOnly, Project("claims"));

        scheduler.Tell(Trigger("claims"));
        var start = StartedByRegistry();

        Assert.Equal("manual", start.Trigger);
        Assert.Null(start.LogicalTime);
        Assert.Equal(["extract", "load"], start.Plan.Select(t => t.Name));
        Assert.Equal(["extract"], start.Plan[1].DependsOn);
        Assert.Equal(new SchedulerCommands.TriggerAccepted(start.RunId, "claims"), ExpectMsg<SchedulerCommands.TriggerAccepted>());
        Assert.EndsWith("_claims", start.RunId);
    }

    [Fact]
    public void A_trigger_for_one_task_plans_that_task_alone()
    {
        var scheduler = Scheduler(SchedulerOptions.RunOnly, Project("claims"));

        scheduler.Tell(Trigger("claims", task: "load"));
        var start = StartedByRegistry();

        var planned = Assert.Single(start.Plan);
        Assert.Equal("load", planned.Name);
        Assert.Empty(planned.DependsOn);
        ExpectMsg<SchedulerCommands.TriggerAccepted>();
    }

    [Fact]
    public void Unknown_dags_unknown_tasks_invalid_and_git_backed_projects_are_rejected_and_start_nothing()
    {
        var scheduler = Scheduler(SchedulerOptions.RunOnly, Project("claims"), Project("remote", gitUrl: "https://example.org/remote.git"), Broken("broken"));

        scheduler.Tell(Trigger("nope"));
        var unknown = ExpectMsg<SchedulerCommands.TriggerRejected>();
        scheduler.Tell(Trigger("claims", task: "transform"));
        var unknownTask = ExpectMsg<SchedulerCommands.TriggerRejected>();
        scheduler.Tell(Trigger("broken"));
        var invalid = ExpectMsg<SchedulerCommands.TriggerRejected>();
        scheduler.Tell(Trigger("remote"));
        var git = ExpectMsg<SchedulerCommands.TriggerRejected>();

        Assert.Equal(SchedulerCommands.RejectionKind.UnknownDag, unknown.Kind);
        Assert.Equal(["broken", "claims", "remote"], unknown.Known);
        Assert.Equal(SchedulerCommands.RejectionKind.UnknownTask, unknownTask.Kind);
        Assert.Equal(["extract", "load"], unknownTask.Known);
        Assert.Equal(SchedulerCommands.RejectionKind.InvalidProject, invalid.Kind);
        Assert.Contains("pit.toml:3:12: dag.schedule: invalid cron", invalid.Reason);
        Assert.Equal(SchedulerCommands.RejectionKind.NotStarted, git.Kind);
        Assert.Contains("git", git.Reason);
        _runs.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_run_the_registry_does_not_start_is_rejected_and_leaves_the_dag_free()
    {
        var scheduler = Scheduler(SchedulerOptions.RunOnly, Project("claims"));

        scheduler.Tell(Trigger("claims"));
        var start = _runs.ExpectMsg<DagRunCommands.StartRun>();
        _runs.Reply(new DagRunCommands.RunNotStarted(start.RunId, "could not snapshot the project"));
        var rejected = ExpectMsg<SchedulerCommands.TriggerRejected>();

        Assert.Equal(SchedulerCommands.RejectionKind.NotStarted, rejected.Kind);
        Assert.Equal("could not snapshot the project", rejected.Reason);
        Run(scheduler, "claims"); // overlap = skip would refuse it if the failed run still counted
    }

    // ── Cron ─────────────────────────────────────────────────────────────────────────────────

    [Fact]
    public void A_cron_dag_fires_at_its_occurrences_and_not_before()
    {
        var first = NextFiveSeconds();
        var scheduler = Scheduler(Firing, Project("ticker", "*/5 * * * * *", OverlapPolicy.Allow));
        Armed(scheduler, "ticker", first);

        Clock.AdvanceTo(first - TimeSpan.FromMilliseconds(1));
        _runs.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        Clock.AdvanceTo(first);
        var fired = StartedByRegistry();
        Assert.Equal("cron", fired.Trigger);
        Assert.Empty(fired.Parameters);
        Assert.Equal(first, fired.LogicalTime);
        Assert.Equal(2, fired.Plan.Count);

        var second = Armed(scheduler, "ticker", first.AddSeconds(5));
        Clock.AdvanceTo(second - TimeSpan.FromMilliseconds(1));
        _runs.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Clock.AdvanceTo(second);
        Assert.Equal(second, StartedByRegistry().LogicalTime);
        Armed(scheduler, "ticker", first.AddSeconds(10));
    }

    [Fact]
    public void Each_fire_is_logged_with_its_lateness()
    {
        var first = NextFiveSeconds();
        var scheduler = Scheduler(Firing, Project("ticker", "*/5 * * * * *"));
        Armed(scheduler, "ticker", first);

        EventFilter.Info(new System.Text.RegularExpressions.Regex(@"cron fires ticker for \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+00:00 \(1500 ms late\)")).ExpectOne(() =>
            Clock.AdvanceTo(first + TimeSpan.FromMilliseconds(1500)));

        Assert.Equal(first, StartedByRegistry().LogicalTime);
        Armed(scheduler, "ticker", first.AddSeconds(5)); // not first + 1.5 s + 5 s
    }

    [Fact]
    public void A_long_wait_is_checked_again_on_the_way_and_fires_only_at_its_occurrence()
    {
        // Ten minutes ahead, daily: the scheduler waits at most a minute at a time.
        var at = Clock.Now.AddMinutes(10);
        at = new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, at.Second, TimeSpan.Zero);
        var scheduler = Scheduler(Firing, Project("daily", $"{at.Second} {at.Minute} {at.Hour} * * *"));
        Armed(scheduler, "daily", at);

        Clock.AdvanceTo(at - TimeSpan.FromMilliseconds(1));
        _runs.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Armed(scheduler, "daily", at); // answered after the cut-short wait came in and was re-armed

        Clock.AdvanceTo(at);
        Assert.Equal(at, StartedByRegistry().LogicalTime);
        Armed(scheduler, "daily", at.AddDays(1));
    }

    [Fact]
    public void Pit_run_mode_fires_no_schedule()
    {
        var scheduler = Scheduler(SchedulerOptions.RunOnly, Project("ticker", "*/5 * * * * *", OverlapPolicy.Allow));

        var ticker = Dag(scheduler, "ticker");
        Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal("*/5 * * * * *", ticker.Schedule);
        Assert.Null(ticker.NextFire);
        _runs.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Run(scheduler, "ticker"); // manual triggers still work
    }

    [Fact]
    public void A_cron_fire_meets_the_overlap_policy_like_any_trigger_and_the_schedule_goes_on()
    {
        var first = NextFiveSeconds();
        var scheduler = Scheduler(Firing, Project("ticker", "*/5 * * * * *"));
        Armed(scheduler, "ticker", first);
        var manual = Run(scheduler, "ticker");

        EventFilter.Info(contains: $"ticker has an active run ({manual}); overlap = skip drops this trigger").ExpectOne(() => Clock.AdvanceTo(first));
        _runs.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        var second = Armed(scheduler, "ticker", first.AddSeconds(5));
        Finish(manual);
        Clock.AdvanceTo(second);
        Assert.Equal(second, StartedByRegistry().LogicalTime);
    }

    // ── Overlap ───────────────────────────────────────────────────────────────────────────────

    [Fact]
    public void Overlap_skip_rejects_while_a_run_is_active_and_accepts_once_it_finished()
    {
        var scheduler = Scheduler(SchedulerOptions.RunOnly, Project("claims"));
        var active = Run(scheduler, "claims");

        scheduler.Tell(Trigger("claims", "api"));
        var rejected = ExpectMsg<SchedulerCommands.TriggerRejected>();
        _runs.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Finish(active);
        var next = Run(scheduler, "claims");

        Assert.Equal(SchedulerCommands.RejectionKind.Overlap, rejected.Kind);
        Assert.Equal($"claims has an active run ({active}); overlap = skip drops this trigger", rejected.Reason);
        Assert.NotEqual(active, next);
    }

    [Fact]
    public void Overlap_skip_counts_a_run_still_being_started()
    {
        var scheduler = Scheduler(SchedulerOptions.RunOnly, Project("claims"));

        // Both triggers arrive before the registry answers the first start.
        scheduler.Tell(Trigger("claims"));
        scheduler.Tell(Trigger("claims"));
        var start = _runs.ExpectMsg<DagRunCommands.StartRun>();
        var asker = _runs.LastSender;
        var rejected = ExpectMsg<SchedulerCommands.TriggerRejected>();
        _runs.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        asker.Tell(new DagRunCommands.RunStarted(start.RunId));

        Assert.Equal(SchedulerCommands.RejectionKind.Overlap, rejected.Kind);
        Assert.Contains(start.RunId, rejected.Reason);
        Assert.Equal(start.RunId, ExpectMsg<SchedulerCommands.TriggerAccepted>().RunId);
    }

    [Fact]
    public void A_run_that_finishes_before_its_start_is_confirmed_is_not_left_active()
    {
        var scheduler = Scheduler(SchedulerOptions.RunOnly, Project("claims"));

        scheduler.Tell(Trigger("claims"));
        var start = _runs.ExpectMsg<DagRunCommands.StartRun>();
        Finish(start.RunId);
        _runs.Reply(new DagRunCommands.RunStarted(start.RunId));
        ExpectMsg<SchedulerCommands.TriggerAccepted>();

        scheduler.Tell(new SchedulerQueries.GetActiveRuns());
        Assert.Empty(ExpectMsg<SchedulerQueries.ActiveRuns>().RunIds);
        Run(scheduler, "claims");
    }

    [Fact]
    public void Overlap_allow_starts_runs_side_by_side()
    {
        var scheduler = Scheduler(SchedulerOptions.RunOnly, Project("claims", overlap: OverlapPolicy.Allow));

        var first = Run(scheduler, "claims");
        var second = Run(scheduler, "claims");
        scheduler.Tell(new SchedulerQueries.GetActiveRuns());

        Assert.NotEqual(first, second);
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), ExpectMsg<SchedulerQueries.ActiveRuns>().RunIds);
    }

    [Fact]
    public void Overlap_queue_queues_triggers_and_starts_each_as_triggered_when_the_active_run_finishes()
    {
        var scheduler = Scheduler(SchedulerOptions.RunOnly, Project("claims", overlap: OverlapPolicy.Queue));
        var active = Run(scheduler, "claims");
        var day = new Dictionary<string, string> { ["day"] = "2026-11-24" };

        scheduler.Tell(Trigger("claims", "api", parameters: day));
        Assert.Equal(new SchedulerCommands.TriggerQueued("claims", 1), ExpectMsg<SchedulerCommands.TriggerQueued>());
        scheduler.Tell(Trigger("claims", "webhook", task: "load"));
        Assert.Equal(new SchedulerCommands.TriggerQueued("claims", 2), ExpectMsg<SchedulerCommands.TriggerQueued>());
        _runs.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(2, Dag(scheduler, "claims").Queued);

        Finish(active);
        var api = StartedByRegistry();
        Assert.Equal("api", api.Trigger);
        Assert.Equal("2026-11-24", api.Parameters["day"]);
        Assert.Equal(2, api.Plan.Count);
        _runs.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        AwaitAssert(() =>
        {
            var claims = Dag(scheduler, "claims");
            Assert.Equal([api.RunId], claims.ActiveRuns);
            Assert.Equal(1, claims.Queued);
        });

        Finish(api.RunId);
        var webhook = StartedByRegistry();
        Assert.Equal("webhook", webhook.Trigger);
        Assert.Equal(["load"], webhook.Plan.Select(t => t.Name));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // the queued triggers' callers already had their answer
    }

    [Fact]
    public void Overlap_queue_holds_at_most_a_hundred_triggers()
    {
        var scheduler = Scheduler(SchedulerOptions.RunOnly, Project("claims", overlap: OverlapPolicy.Queue));
        var active = Run(scheduler, "claims");

        for (var i = 1; i <= 100; i++)
        {
            scheduler.Tell(Trigger("claims", "api"));
            Assert.Equal(i, ExpectMsg<SchedulerCommands.TriggerQueued>().Position);
        }
        scheduler.Tell(Trigger("claims", "api"));
        var rejected = ExpectMsg<SchedulerCommands.TriggerRejected>();

        Assert.Equal(SchedulerCommands.RejectionKind.Overlap, rejected.Kind);
        Assert.Contains($"claims has an active run ({active}) and its queue is full (100 triggers waiting)", rejected.Reason);
        Assert.Equal(100, Dag(scheduler, "claims").Queued);
    }

    // ── Queries and shutdown ──────────────────────────────────────────────────────────────────

    [Fact]
    public void GetDags_reports_schedules_next_fires_active_runs_and_invalid_projects()
    {
        var scheduler = Scheduler(Firing,
            Project("nightly", "0 30 2 * * *", OverlapPolicy.Queue, timezone: "Europe/London"),
            Project("adhoc", overlap: OverlapPolicy.Allow),
            Broken("broken"));
        var expected = CronSchedule.Parse("0 30 2 * * *").NextAfter(Clock.Now, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"))!.Value;
        Armed(scheduler, "nightly", expected);
        var active = Run(scheduler, "adhoc");

        var dags = Dags(scheduler);

        Assert.Equal(["adhoc", "nightly"], dags.Dags.Select(d => d.Dag));
        var nightly = dags.Dags[1];
        Assert.Equal(("0 30 2 * * *", "Europe/London", OverlapPolicy.Queue, 0), (nightly.Schedule, nightly.Timezone, nightly.Overlap, nightly.Queued));
        Assert.Equal(TimeSpan.Zero, nightly.NextFire!.Value.Offset);
        Assert.Empty(nightly.ActiveRuns);
        var adhoc = dags.Dags[0];
        Assert.Null(adhoc.Schedule);
        Assert.Null(adhoc.NextFire);
        Assert.Equal([active], adhoc.ActiveRuns);
        var invalid = Assert.Single(dags.InvalidProjects);
        Assert.StartsWith("broken: ", invalid);
        Assert.Contains("invalid cron \"every day\"", invalid);
    }

    [Fact]
    public void StopTriggers_cancels_the_timers_rejects_every_later_trigger_and_keeps_the_queue_for_the_next_start()
    {
        var first = NextFiveSeconds();
        var scheduler = Scheduler(Firing, Project("ticker", "*/5 * * * * *", OverlapPolicy.Queue));
        Armed(scheduler, "ticker", first);
        var active = Run(scheduler, "ticker");
        scheduler.Tell(Trigger("ticker", "api"));
        ExpectMsg<SchedulerCommands.TriggerQueued>();

        EventFilter.Info(contains: "1 queued trigger(s) wait for the next start").ExpectOne(() => scheduler.Tell(new SchedulerCommands.StopTriggers()));
        ExpectMsg<SchedulerCommands.TriggersStopped>();
        Clock.Advance(TimeSpan.FromSeconds(30));
        scheduler.Tell(Trigger("ticker"));
        var rejected = ExpectMsg<SchedulerCommands.TriggerRejected>();
        Finish(active);

        Assert.Equal(SchedulerCommands.RejectionKind.ShuttingDown, rejected.Kind);
        _runs.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        var ticker = Dag(scheduler, "ticker");
        Assert.Null(ticker.NextFire);
        Assert.Equal(0, ticker.Queued);
    }

    [Fact]
    public void With_max_active_runs_reached_a_trigger_waits_for_a_slot_and_starts_when_a_run_ends()
    {
        var scheduler = Scheduler(Firing with { MaxActiveRuns = 1 }, Project("claims"), Project("billing"));
        var claims = Run(scheduler, "claims");

        scheduler.Tell(Trigger("billing", "api"));
        Assert.Equal(new SchedulerCommands.TriggerQueued("billing", 1), ExpectMsg<SchedulerCommands.TriggerQueued>());
        _runs.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(1, Dag(scheduler, "billing").Queued);

        Finish(claims);
        var billing = StartedByRegistry();
        Assert.Equal(("billing", "api"), (billing.Dag.Name, billing.Trigger));
        AwaitAssert(() => Assert.Equal([billing.RunId], Dag(scheduler, "billing").ActiveRuns));
        Assert.Equal(0, Dag(scheduler, "billing").Queued);
    }

    // ── What the service's Scheduler remembers across a restart ────────────────────────────────

    /// <summary>Stops the Scheduler and waits until it is gone, as a stopped service's is.</summary>
    private void Stop(IActorRef scheduler)
    {
        Watch(scheduler);
        Sys.Stop(scheduler);
        ExpectTerminated(scheduler);
    }

    [Fact]
    public void A_queued_trigger_survives_a_restart_and_starts_once()
    {
        var before = Scheduler(Firing, Project("claims", overlap: OverlapPolicy.Queue));
        Run(before, "claims");
        before.Tell(Trigger("claims", "api", parameters: new Dictionary<string, string> { ["day"] = "2026-03-01" }));
        ExpectMsg<SchedulerCommands.TriggerQueued>();
        Stop(before);

        var after = Scheduler(Firing, Project("claims", overlap: OverlapPolicy.Queue));
        var restored = StartedByRegistry();
        Assert.Equal("api", restored.Trigger);
        Assert.Equal("2026-03-01", restored.Parameters["day"]);
        Stop(after);

        Scheduler(Firing, Project("claims", overlap: OverlapPolicy.Queue));
        _runs.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_paused_dag_does_not_fire_stays_paused_after_a_restart_and_fires_again_once_resumed()
    {
        var first = NextFiveSeconds();
        var before = Scheduler(Firing, Project("ticker", "*/5 * * * * *", OverlapPolicy.Allow));
        Armed(before, "ticker", first);
        before.Tell(new SchedulerCommands.PauseDag("ticker"));
        Assert.Equal(new SchedulerCommands.PauseChanged("ticker", true, true), ExpectMsg<SchedulerCommands.PauseChanged>());
        before.Tell(new SchedulerCommands.PauseDag("ticker"));
        Assert.Equal(new SchedulerCommands.PauseChanged("ticker", true, false), ExpectMsg<SchedulerCommands.PauseChanged>());

        Clock.AdvanceTo(first);
        _runs.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Stop(before);

        var after = Scheduler(Firing, Project("ticker", "*/5 * * * * *", OverlapPolicy.Allow));
        var next = Armed(after, "ticker", first.AddSeconds(5));
        Assert.True(Dag(after, "ticker").Paused);
        after.Tell(new SchedulerCommands.ResumeDag("ticker"));
        Assert.Equal(new SchedulerCommands.PauseChanged("ticker", false, true), ExpectMsg<SchedulerCommands.PauseChanged>());
        Clock.AdvanceTo(next);
        var fired = StartedByRegistry();
        Assert.Equal(("cron", next), (fired.Trigger, fired.LogicalTime));
        Assert.False(Dag(after, "ticker").Paused);
    }

    [Fact]
    public void Pausing_an_unknown_dag_is_refused_with_the_known_ones()
    {
        var scheduler = Scheduler(Firing, Project("claims"));
        scheduler.Tell(new SchedulerCommands.PauseDag("nope"));

        var rejected = ExpectMsg<SchedulerCommands.TriggerRejected>();
        Assert.Equal(SchedulerCommands.RejectionKind.UnknownDag, rejected.Kind);
        Assert.Equal(["claims"], rejected.Known);
    }

    /// <summary>The schedule fires once at <c>first</c>, then the service is down until <c>first + 17 s</c>: +5, +10 and +15 s are missed.</summary>
    private (IActorRef After, DateTimeOffset First) DownThroughThreeOccurrences(CatchupPolicy catchup)
    {
        var first = NextFiveSeconds();
        var before = Scheduler(Firing, Project("ticker", "*/5 * * * * *", catchup: catchup));
        Armed(before, "ticker", first);
        Clock.AdvanceTo(first);
        Finish(StartedByRegistry().RunId);
        Stop(before);
        Clock.AdvanceTo(first.AddSeconds(17));
        return (Scheduler(Firing, Project("ticker", "*/5 * * * * *", catchup: catchup)), first);
    }

    [Fact]
    public void Catchup_latest_fires_the_latest_occurrence_missed_while_the_service_was_down()
    {
        var (after, first) = DownThroughThreeOccurrences(CatchupPolicy.Latest);

        var caughtUp = StartedByRegistry();
        Assert.Equal(("catchup", first.AddSeconds(15)), (caughtUp.Trigger, caughtUp.LogicalTime));
        _runs.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Armed(after, "ticker", first.AddSeconds(20));
    }

    [Fact]
    public void Catchup_all_fires_every_missed_occurrence_one_after_another_even_with_overlap_skip()
    {
        var (_, first) = DownThroughThreeOccurrences(CatchupPolicy.All);

        var logicalTimes = new List<DateTimeOffset?>();
        for (var i = 0; i < 3; i++)
        {
            var start = StartedByRegistry();
            Assert.Equal("catchup", start.Trigger);
            logicalTimes.Add(start.LogicalTime);
            _runs.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
            Finish(start.RunId);
        }
        Assert.Equal([first.AddSeconds(5), first.AddSeconds(10), first.AddSeconds(15)], logicalTimes);
    }

    [Fact]
    public void Catchup_none_fires_nothing_missed_and_waits_for_the_next_occurrence()
    {
        var (after, first) = DownThroughThreeOccurrences(CatchupPolicy.None);

        Armed(after, "ticker", first.AddSeconds(20));
        _runs.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void Pit_run_mode_remembers_nothing_between_schedulers()
    {
        var before = Scheduler(SchedulerOptions.RunOnly, Project("claims", overlap: OverlapPolicy.Queue));
        Run(before, "claims");
        before.Tell(Trigger("claims", "api"));
        ExpectMsg<SchedulerCommands.TriggerQueued>();
        Stop(before);

        Scheduler(SchedulerOptions.RunOnly, Project("claims", overlap: OverlapPolicy.Queue));
        _runs.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    // ── The control channel ───────────────────────────────────────────────────────────────────

    [Fact]
    public void GetNextFires_counts_from_the_armed_occurrence_and_refuses_an_unknown_or_invalid_dag()
    {
        var scheduler = Scheduler(Firing, Project("ticker", "*/5 * * * * *"), Project("adhoc"), Broken("broken"));
        var first = Armed(scheduler, "ticker");

        scheduler.Tell(new SchedulerQueries.GetNextFires("ticker", 3));
        var next = ExpectMsg<SchedulerQueries.NextFires>();
        scheduler.Tell(new SchedulerQueries.GetNextFires("adhoc", 3));
        var none = ExpectMsg<SchedulerQueries.NextFires>();
        scheduler.Tell(new SchedulerQueries.GetNextFires("nope", 3));
        var unknown = ExpectMsg<SchedulerCommands.TriggerRejected>();
        scheduler.Tell(new SchedulerQueries.GetNextFires("broken", 3));
        var invalid = ExpectMsg<SchedulerCommands.TriggerRejected>();

        Assert.Equal(("ticker", "*/5 * * * * *", "UTC", false), (next.Dag, next.Schedule, next.Timezone, next.Paused));
        Assert.Equal([first, first.AddSeconds(5), first.AddSeconds(10)], next.Next);
        Assert.Empty(none.Next);
        Assert.Equal(SchedulerCommands.RejectionKind.UnknownDag, unknown.Kind);
        Assert.Equal(["adhoc", "broken", "ticker"], unknown.Known.Order());
        Assert.Equal(SchedulerCommands.RejectionKind.InvalidProject, invalid.Kind);
    }

    [Fact]
    public void GetOverview_tells_the_paused_dags_armed_timers_queued_triggers_and_active_runs()
    {
        var scheduler = Scheduler(Firing, Project("ticker", "*/5 * * * * *"), Project("claims", overlap: OverlapPolicy.Queue));
        var armed = Armed(scheduler, "ticker");
        Run(scheduler, "claims");
        scheduler.Tell(Trigger("claims", "api"));
        ExpectMsg<SchedulerCommands.TriggerQueued>();
        scheduler.Tell(new SchedulerCommands.PauseDag("ticker"));
        ExpectMsg<SchedulerCommands.PauseChanged>();

        scheduler.Tell(new SchedulerQueries.GetOverview());
        var overview = ExpectMsg<SchedulerQueries.Overview>();

        Assert.Equal(["ticker"], overview.Paused);
        Assert.Equal([new SchedulerQueries.ArmedTimer("ticker", armed)], overview.Timers);
        Assert.Equal([new SchedulerQueries.QueuedTriggers("claims", 1)], overview.Queues);
        Assert.Equal(1, overview.ActiveRuns);
    }

    [Fact]
    public async Task The_scheduler_registers_the_dag_and_scheduler_palettes_and_the_dag_names()
    {
        var scheduler = Scheduler(SchedulerOptions.RunOnly, Project("claims"));
        Dags(scheduler);

        var palettes = Pit.Engine.Control.ControlPalettes.For(Sys);

        Assert.Equal(["ls", "trigger", "pause", "resume", "next", "backfill"], palettes.Find("dag")!.Commands.Select(c => c.Name));
        Assert.Equal(["show"], palettes.Find("scheduler")!.Commands.Select(c => c.Name));
        Assert.Equal(["claims"], await palettes.ValuesAsync(Pit.Engine.Control.ControlValues.Dags, CancellationToken.None));
    }
}
