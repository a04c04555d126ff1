using Akka.Actor;
using Akka.TestKit;
using Pit.Engine.Actors;
using Pit.Engine.Protocol;
using Pit.Engine.Runners;
using Pit.Engine.Runs;
using Pit.Engine.Tests.Runners;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Tests.Actors;

public sealed class DagRunActorSpecs : Akka.TestKit.Xunit2.TestKit, IDisposable
{
    private const string Config = """
        akka.loglevel = WARNING
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.local"
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        """;

    private readonly List<RunFixture> _fixtures = [];
    private readonly TestProbe _events;
    private int _runs;

    public DagRunActorSpecs() : base(Config)
    {
        _events = CreateTestProbe();
        Sys.EventStream.Subscribe(_events.Ref, typeof(IPitEvent));
    }

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    private (IActorRef Run, string RunId, RunFixture Fixture) Start(string pitToml, FakeExecutor executor)
    {
        var fixture = new RunFixture(pitToml);
        _fixtures.Add(fixture);
        var runId = $"20261125_100000.{++_runs:000}_demo";
        var run = Sys.ActorOf(DagRunActor.Props(runId, fixture.Environment(executor)), runId);
        run.Tell(fixture.Start(runId), TestActor);
        ExpectMsg<DagRunCommands.RunStarted>();
        return (run, runId, fixture);
    }

    private RunEvents.RunFinished Finished() => _events.FishForMessage<RunEvents.RunFinished>(_ => true, TimeSpan.FromSeconds(10));

    private List<IPitEvent> EventsUntilFinished()
    {
        var events = new List<IPitEvent>();
        while (true)
        {
            var e = _events.ExpectMsg<IPitEvent>(TimeSpan.FromSeconds(10));
            events.Add(e);
            if (e is RunEvents.RunFinished) return events;
        }
    }

    [Fact]
    public void A_chain_runs_in_dependency_order_and_succeeds()
    {
        var executor = new FakeExecutor();
        Start(RunFixture.Toml("", "name = \"c\"; depends_on = [\"b\"]", "name = \"a\"", "name = \"b\"; depends_on = [\"a\"]"), executor);

        var finished = Finished();

        Assert.Equal(RunStatus.Succeeded, finished.Status);
        Assert.Equal(["a", "b", "c"], executor.Started);
    }

    [Fact]
    public void A_start_waits_for_the_next_write_or_the_starts_delay_and_always_precedes_its_outcome()
    {
        var starts = CreateTestProbe();
        Sys.EventStream.Subscribe(starts.Ref, typeof(RunEvents.TaskStarted));
        var executor = new FakeExecutor().Hold("long");
        Start(RunFixture.Toml("", "name = \"quick\"", "name = \"long\"; depends_on = [\"quick\"]"), executor);

        // quick ended before the delay: its start went to the journal with its outcome, the clock never moved.
        var quick = _events.FishForMessage<IPitEvent>(e => e is RunEvents.TaskStarted or RunEvents.TaskSucceeded);
        Assert.Equal("quick", Assert.IsType<RunEvents.TaskStarted>(quick).Task);
        Assert.Equal("quick", _events.FishForMessage<RunEvents.TaskSucceeded>(_ => true).Task);
        starts.FishForMessage<RunEvents.TaskStarted>(e => e.Task == "quick");

        // long runs and nothing else is written: its start waits for the delay.
        AwaitAssert(() => Assert.Contains("long", executor.Started));
        starts.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(1001, starts.AwaitRecordedStart(Clock, e => e.Task == "long").Pid);

        executor.Release("long", TaskOutcome.Exited(0));
        Assert.Equal(RunStatus.Succeeded, Finished().Status);
    }

    [Fact]
    public void Independent_branches_run_at_the_same_time()
    {
        var executor = new FakeExecutor().Hold("left").Hold("right");
        Start(RunFixture.Toml("", "name = \"left\"", "name = \"right\"", "name = \"join\"; depends_on = [\"left\", \"right\"]"), executor);

        AwaitAssert(() => Assert.Equal(2, executor.Launches.Count));
        Assert.Equal(2, executor.MaxConcurrent);
        executor.Release("left", TaskOutcome.Exited(0));
        executor.Release("right", TaskOutcome.Exited(0));

        Assert.Equal(RunStatus.Succeeded, Finished().Status);
        Assert.Equal("join", executor.Started[^1]);
    }

    [Fact]
    public void A_ready_task_starts_as_soon_as_its_own_dependencies_are_done()
    {
        // fast → after_fast must not wait for slow (no level-by-level waves).
        var executor = new FakeExecutor().Hold("slow");
        Start(RunFixture.Toml("", "name = \"slow\"", "name = \"fast\"", "name = \"after_fast\"; depends_on = [\"fast\"]"), executor);

        AwaitAssert(() => Assert.Contains("after_fast", executor.Started));
        executor.Release("slow", TaskOutcome.Exited(0));
        Assert.Equal(RunStatus.Succeeded, Finished().Status);
    }

    [Fact]
    public void No_more_than_max_active_tasks_run_at_once()
    {
        var executor = new FakeExecutor();
        foreach (var name in new[] { "t1", "t2", "t3", "t4", "t5" }) executor.Hold(name);
        var tasks = Enumerable.Range(1, 5).Select(i => $"name = \"t{i}\"").ToArray();
        Start(RunFixture.Toml("max_active_tasks = 2", tasks), executor);

        AwaitAssert(() => Assert.Equal(2, executor.Launches.Count));
        foreach (var name in new[] { "t1", "t2", "t3", "t4", "t5" })
        {
            AwaitAssert(() => Assert.Contains(name, executor.Started));
            executor.Release(name, TaskOutcome.Exited(0));
        }

        Assert.Equal(RunStatus.Succeeded, Finished().Status);
        Assert.Equal(2, executor.MaxConcurrent);
    }

    [Fact]
    public void A_failure_marks_all_success_dependents_upstream_failed_and_independent_branches_continue()
    {
        var executor = new FakeExecutor().On("bad", _ => TaskOutcome.Exited(3));
        Start(RunFixture.Toml("",
            "name = \"bad\"",
            "name = \"child\"; depends_on = [\"bad\"]",
            "name = \"grandchild\"; depends_on = [\"child\"]",
            "name = \"other\""), executor);

        var events = EventsUntilFinished();

        var failed = Assert.Single(events.OfType<RunEvents.TaskFailed>());
        Assert.Equal(("bad", 3), (failed.Task, failed.ExitCode));
        Assert.Equal(["child", "grandchild"], events.OfType<RunEvents.TaskUpstreamFailed>().Select(e => e.Task));
        Assert.Contains("other", executor.Started);
        Assert.DoesNotContain("child", executor.Started);
        Assert.Equal(RunStatus.Failed, events.OfType<RunEvents.RunFinished>().Single().Status);
    }

    [Fact]
    public void Conditions_decide_what_runs_after_a_failure()
    {
        var executor = new FakeExecutor().On("bad", _ => TaskOutcome.Exited(1));
        Start(RunFixture.Toml("",
            "name = \"bad\"",
            "name = \"good\"",
            "name = \"cleanup\"; depends_on = [\"bad\"]; condition = \"all_done\"",
            "name = \"alert\"; depends_on = [\"bad\"]; condition = \"one_failed\"",
            "name = \"report\"; depends_on = [\"good\"]; condition = \"one_failed\"",
            "name = \"final\"; depends_on = [\"bad\", \"good\"]; condition = \"always\"",
            "name = \"after_skip\"; depends_on = [\"report\"]"), executor);

        var events = EventsUntilFinished();

        Assert.Contains("cleanup", executor.Started);
        Assert.Contains("alert", executor.Started);
        Assert.Contains("final", executor.Started);
        var skipped = events.OfType<RunEvents.TaskSkipped>().ToDictionary(e => e.Task, e => e.Reason);
        Assert.Equal(["report", "after_skip"], skipped.Keys);
        Assert.Contains("one_failed", skipped["report"]);
        Assert.Contains("'report' was skipped", skipped["after_skip"]);
        Assert.Equal(RunStatus.Failed, events.OfType<RunEvents.RunFinished>().Single().Status);
    }

    [Fact]
    public void Retries_wait_with_backoff_capped_by_max_retry_delay_then_succeed()
    {
        var executor = new FakeExecutor().On("flaky", attempt => attempt < 4 ? TaskOutcome.Exited(1) : TaskOutcome.Exited(0));
        Start(RunFixture.Toml("", "name = \"flaky\"; retries = 3; retry_delay = \"10s\"; retry_backoff = 2; max_retry_delay = \"30s\""), executor);

        var delays = new List<TimeSpan>();
        for (var retry = 0; retry < 3; retry++)
        {
            var scheduled = _events.FishForMessage<RunEvents.TaskRetryScheduled>(_ => true);
            delays.Add(scheduled.Delay);
            Assert.Equal(retry + 1, executor.Launches.Count);
            Clock.Advance(scheduled.Delay);
        }

        Assert.Equal(RunStatus.Succeeded, Finished().Status);
        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30)], delays);
        Assert.Equal([1, 2, 3, 4], executor.Launches.Select(l => l.Attempt));
    }

    [Fact]
    public void Retry_on_timeout_does_not_retry_other_failures()
    {
        var executor = new FakeExecutor()
            .On("by_code", _ => TaskOutcome.Exited(2))
            .On("by_timeout", attempt => attempt == 1 ? new TaskOutcome(null, true, false, null) : TaskOutcome.Exited(0));
        Start(RunFixture.Toml("",
            "name = \"by_code\"; retries = 2; retry_on = \"timeout\"",
            "name = \"by_timeout\"; retries = 2; retry_on = \"timeout\""), executor);

        var retry = _events.FishForMessage<RunEvents.TaskRetryScheduled>(_ => true);
        Assert.Equal("by_timeout", retry.Task);
        Clock.Advance(TimeSpan.FromSeconds(1));

        var finished = Finished();
        Assert.Equal(RunStatus.Failed, finished.Status);
        Assert.Single(executor.Launches, l => l.Task.Name == "by_code");
        Assert.Equal(2, executor.Launches.Count(l => l.Task.Name == "by_timeout"));
    }

    [Fact]
    public void Retry_on_exit_codes_retries_only_those_codes()
    {
        var executor = new FakeExecutor().On("t", attempt => TaskOutcome.Exited(attempt == 1 ? 75 : 9));
        Start(RunFixture.Toml("", "name = \"t\"; retries = 5; retry_on = { exit_codes = [75] }"), executor);

        _events.FishForMessage<RunEvents.TaskRetryScheduled>(_ => true);
        Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(RunStatus.Failed, Finished().Status);
        Assert.Equal(2, executor.Launches.Count);
    }

    [Fact]
    public void An_attempt_that_could_not_start_is_not_retried()
    {
        var executor = new FakeExecutor().On("t", _ => TaskOutcome.CouldNotStart("script tasks/t.sh not found in the run snapshot"));
        Start(RunFixture.Toml("", "name = \"t\"; retries = 3"), executor);

        var events = EventsUntilFinished();

        Assert.Empty(events.OfType<RunEvents.TaskRetryScheduled>());
        Assert.Contains("not found", events.OfType<RunEvents.TaskFailed>().Single().Reason);
        Assert.Single(executor.Launches);
    }

    [Fact]
    public void The_dag_timeout_cancels_running_tasks_and_times_the_run_out()
    {
        var executor = new FakeExecutor().Hold("forever");
        Start(RunFixture.Toml("timeout = \"1m\"", "name = \"forever\"", "name = \"next\"; depends_on = [\"forever\"]"), executor);
        AwaitAssert(() => Assert.Single(executor.Launches));

        Clock.Advance(TimeSpan.FromMinutes(1));

        var events = EventsUntilFinished();
        var killed = events.OfType<RunEvents.TaskFailed>().Single();
        Assert.Contains("timed out", killed.Reason);
        var finished = events.OfType<RunEvents.RunFinished>().Single();
        Assert.Equal(RunStatus.TimedOut, finished.Status);
        Assert.DoesNotContain("next", executor.Started);
    }

    [Fact]
    public void Cancel_kills_running_tasks_and_records_the_run_as_cancelled()
    {
        var executor = new FakeExecutor().Hold("long");
        var (run, runId, _) = Start(RunFixture.Toml("", "name = \"long\""), executor);
        AwaitAssert(() => Assert.Single(executor.Launches));

        run.Tell(new DagRunCommands.CancelRun(runId, "Ctrl-C"));

        var finished = Finished();
        Assert.Equal(RunStatus.Cancelled, finished.Status);
        Assert.Equal("Ctrl-C", finished.Reason);
    }

    [Fact]
    public void Task_processes_get_the_pit_environment_and_run_from_the_snapshot()
    {
        var executor = new FakeExecutor();
        var (_, runId, fixture) = Start(RunFixture.Toml("", "name = \"t\"; env = { MODE = \"full\" }"), executor);
        Finished();

        var launch = Assert.Single(executor.Launches);
        var paths = RunPaths.Of(fixture.RunsDir, runId);
        Assert.Equal(paths.Project, launch.SnapshotDir);
        Assert.True(File.Exists(Path.Combine(paths.Project, "task.sh")));
        Assert.Equal(runId, launch.Environment["PIT_RUN_ID"]);
        Assert.Equal("t", launch.Environment["PIT_TASK_NAME"]);
        Assert.Equal("demo", launch.Environment["PIT_DAG_NAME"]);
        Assert.Equal(paths.Data, launch.Environment["PIT_DATA_DIR"]);
        Assert.Equal("full", launch.Environment["MODE"]);
        Assert.Equal(paths.LogOf("t"), launch.LogFile);
    }

    [Fact]
    public void Keep_artifacts_removes_the_folders_not_kept()
    {
        var executor = new FakeExecutor();
        var (_, runId, fixture) = Start(RunFixture.Toml("keep_artifacts = [\"logs\"]", "name = \"t\""), executor);
        Finished();

        var paths = RunPaths.Of(fixture.RunsDir, runId);
        // Retention runs right after the RunFinished event is persisted.
        AwaitAssert(() =>
        {
            Assert.False(Directory.Exists(paths.Project));
            Assert.False(Directory.Exists(paths.Data));
        });
        Assert.True(Directory.Exists(paths.Logs));
    }

    [Fact]
    public void A_restarted_run_recovers_from_its_journal_and_retries_the_interrupted_task()
    {
        var executor = new FakeExecutor().Hold("b");
        var (run, runId, fixture) = Start(RunFixture.Toml("", "name = \"a\"", "name = \"b\"; depends_on = [\"a\"]; retries = 1"), executor);
        _events.AwaitRecordedStart(Clock, e => e.Task == "b");
        Watch(run);
        Sys.Stop(run);
        ExpectTerminated(run);

        var resumed = new FakeExecutor();
        var again = this.ActorOfOnceFree(DagRunActor.Props(runId, fixture.Environment(resumed)), runId);

        var interrupted = _events.FishForMessage<RunEvents.TaskFailed>(_ => true);
        Assert.Equal(("b", 1), (interrupted.Task, interrupted.Attempt));
        Assert.Contains("interrupted", interrupted.Reason);
        var retry = _events.FishForMessage<RunEvents.TaskRetryScheduled>(_ => true);
        Clock.Advance(retry.Delay + TimeSpan.FromMilliseconds(1));
        Assert.Equal(RunStatus.Succeeded, Finished().Status);
        Assert.Equal(["b"], resumed.Started);
        Assert.Equal(2, resumed.Launches.Single().Attempt);
    }

    [Fact]
    public void A_restarted_run_leaves_alone_a_process_that_has_taken_the_recorded_pid_of_its_task()
    {
        // A session leader that is no task of the run's, under the pid the journal holds for b (a pid reused after a reboot, say).
        using var stranger = new StrayTask(runId: null, task: null);
        var executor = new FakeExecutor().Hold("b").ReportPid("b", stranger.Id);
        var (run, runId, fixture) = Start(RunFixture.Toml("", "name = \"a\"", "name = \"b\"; depends_on = [\"a\"]; retries = 1"), executor);
        Assert.Equal(stranger.Id, _events.AwaitRecordedStart(Clock, e => e.Task == "b").Pid);
        Watch(run);
        Sys.Stop(run);
        ExpectTerminated(run);

        this.ActorOfOnceFree(DagRunActor.Props(runId, fixture.Environment(new FakeExecutor())), runId);

        var interrupted = _events.FishForMessage<RunEvents.TaskFailed>(_ => true);
        Assert.Equal(("b", 1), (interrupted.Task, interrupted.Attempt));
        var retry = _events.FishForMessage<RunEvents.TaskRetryScheduled>(_ => true);
        Clock.Advance(retry.Delay + TimeSpan.FromMilliseconds(1));
        Assert.Equal(RunStatus.Succeeded, Finished().Status);
        Assert.True(stranger.Running, "the stranger is not killed");
    }

    [Fact]
    public void A_restarted_run_finds_a_task_whose_start_was_not_recorded_by_its_process_kills_it_and_retries_it()
    {
        var executor = new FakeExecutor().Hold("b");
        var (run, runId, fixture) = Start(RunFixture.Toml("", "name = \"a\"", "name = \"b\"; depends_on = [\"a\"]; retries = 1"), executor);
        AwaitAssert(() => Assert.Contains("b", executor.Started));
        // b's process runs, its start waits for a write to go with (the clock stands still), and the run stops.
        using var orphan = new StrayTask(runId, "b");
        Watch(run);
        Sys.Stop(run);
        ExpectTerminated(run);

        var resumed = new FakeExecutor();
        this.ActorOfOnceFree(DagRunActor.Props(runId, fixture.Environment(resumed)), runId);

        var started = _events.FishForMessage<RunEvents.TaskStarted>(e => e.Task == "b");
        Assert.Equal((1, orphan.Id), (started.Attempt, started.Pid));
        var interrupted = _events.FishForMessage<RunEvents.TaskFailed>(_ => true);
        Assert.Equal(("b", 1), (interrupted.Task, interrupted.Attempt));
        Assert.Contains("interrupted", interrupted.Reason);
        Assert.True(orphan.ExitsWithin(TimeSpan.FromSeconds(30)), "the orphan is killed");
        var retry = _events.FishForMessage<RunEvents.TaskRetryScheduled>(_ => true);
        Clock.Advance(retry.Delay + TimeSpan.FromMilliseconds(1));
        Assert.Equal(RunStatus.Succeeded, Finished().Status);
        Assert.Equal(2, resumed.Launches.Single().Attempt);
    }

    [Fact]
    public void State_is_rebuilt_from_events_alone()
    {
        var executor = new FakeExecutor().On("b", _ => TaskOutcome.Exited(4));
        var (run, runId, fixture) = Start(RunFixture.Toml("", "name = \"a\"", "name = \"b\"; depends_on = [\"a\"]"), executor);
        var events = EventsUntilFinished();

        var replayed = events.Aggregate(DagRunState.Empty(runId), (state, e) => state.Apply(e));

        Assert.Equal(RunStatus.Failed, replayed.Status);
        Assert.Equal(TaskStatus.Success, replayed.Tasks["a"].Status);
        Assert.Equal((TaskStatus.Failed, 4), (replayed.Tasks["b"].Status, replayed.Tasks["b"].ExitCode));
    }

    public new void Dispose()
    {
        foreach (var fixture in _fixtures) fixture.Dispose();
        base.Dispose();
    }
}
