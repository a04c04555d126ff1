using Akka.Actor;
using Akka.TestKit.Xunit2;
using Pit.Engine.Hosting;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;
using Pit.Engine.Streams;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Tests.Streams;

/// <summary>
/// The follow loop against a real log file and the real EventStream; the run history is a stand-in
/// the test moves forward, publishing the event the DagRun would.
/// </summary>
public sealed class TaskLogFollowerSpecs : TestKit
{
    // A deadline for liveness on a busy machine, not a timing assertion.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string RunId = "20260101_000000.000_etl";
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pit-follow-" + Guid.NewGuid().ToString("N")[..12]);

    private readonly StandInHistory _history;

    public TaskLogFollowerSpecs()
    {
        Directory.CreateDirectory(_folder);
        _history = new StandInHistory(Sys, new RunEvents.RunCreated(RunId, "etl", "api", "h", [new("work", []), new("other", [])], At));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Directory.Delete(_folder, recursive: true);
    }

    private string LogFile => Path.Combine(_folder, "work.log");

    private void Append(string text) => File.AppendAllText(LogFile, text);





    /// <summary>A follower that never looks at the history again unless an event says so.</summary>
    private TaskLogFollower EventDriven() => new(Sys, _history.ReadRun) { Poll = TimeSpan.FromMilliseconds(20), Recheck = TimeSpan.FromDays(1) };

    private sealed class Collected
    {
        private readonly List<TaskLogFollower.Step> _steps = [];

        public void Add(TaskLogFollower.Step step)
        {
            lock (_steps) _steps.Add(step);
        }

        public List<string> Lines()
        {
            lock (_steps) return _steps.OfType<TaskLogFollower.Lines>().SelectMany(l => l.Text).Select(l => l.Text).ToList();
        }

        public List<TaskLogFollower.Step> Steps()
        {
            lock (_steps) return _steps.ToList();
        }
    }

    private static Task Collect(TaskLogFollower follower, LogTail tail, Collected into, CancellationToken cancel = default) =>
        Task.Run(async () =>
        {
            await foreach (var step in follower.FollowAsync(RunId, "work", tail, cancel)) into.Add(step);
        }, CancellationToken.None);

    private static RunSummary EndedRun(Collected collected) =>
        Assert.IsType<TaskLogFollower.Ended>(collected.Steps()[^1]).Run!;

    [Fact]
    public async Task A_finished_task_streams_its_whole_log_and_ends()
    {
        Append("one\ntwo\n");
        _history.Record(new RunEvents.TaskStarted(RunId, "work", 1, 10, At), new RunEvents.TaskSucceeded(RunId, "work", 1, At));
        var collected = new Collected();

        await Collect(EventDriven(), new LogTail(LogFile), collected).WaitAsync(Patience);

        Assert.Equal(["one", "two"], collected.Lines());
        Assert.Equal(TaskStatus.Success, EndedRun(collected).Task("work")!.Status);
    }

    [Fact]
    public async Task A_running_task_yields_lines_as_they_are_written_and_ends_when_its_outcome_is_persisted()
    {
        _history.Record(new RunEvents.TaskStarted(RunId, "work", 1, 10, At));
        Append("one\n");
        var collected = new Collected();
        var follow = Collect(EventDriven(), new LogTail(LogFile), collected);

        await AwaitAssertAsync(() => Assert.Equal(["one"], collected.Lines()), Patience);
        Append("two\nthree\n");
        await AwaitAssertAsync(() => Assert.Equal(["one", "two", "three"], collected.Lines()), Patience);
        // The attempt's last line is written before its outcome is recorded.
        Append("last\n");
        _history.Persist(new RunEvents.TaskSucceeded(RunId, "work", 1, At));
        await follow.WaitAsync(Patience);

        Assert.Equal(["one", "two", "three", "last"], collected.Lines());
        Assert.Equal(TaskStatus.Success, EndedRun(collected).Task("work")!.Status);
        Assert.Single(collected.Steps().OfType<TaskLogFollower.Ended>());
    }

    [Fact]
    public async Task A_failed_attempt_with_a_retry_ahead_does_not_end_the_follow()
    {
        _history.Record(new RunEvents.TaskStarted(RunId, "work", 1, 10, At));
        var collected = new Collected();
        var follow = Collect(EventDriven(), new LogTail(LogFile), collected);
        await AwaitAssertAsync(() => Assert.Equal(1, _history.Reads), Patience);

        Append("attempt 1 failed\n");
        // Persisted together; the event of the failure reaches viewers first.
        _history.Persist(new RunEvents.TaskFailed(RunId, "work", 1, 1, "exit code 1", false, At), new RunEvents.TaskRetryScheduled(RunId, "work", 2, TimeSpan.FromSeconds(1), At));
        await AwaitAssertAsync(() => Assert.Equal(2, _history.Reads), Patience);
        _history.Record(new RunEvents.TaskStarted(RunId, "work", 2, 11, At));
        Append("attempt 2\n");
        await AwaitAssertAsync(() => Assert.Equal(["attempt 1 failed", "attempt 2"], collected.Lines()), Patience);
        _history.Persist(new RunEvents.TaskSucceeded(RunId, "work", 2, At));
        await follow.WaitAsync(Patience);

        var work = EndedRun(collected).Task("work")!;
        Assert.Equal((TaskStatus.Success, 2), (work.Status, work.Attempts));
    }

    [Fact]
    public async Task Another_tasks_outcome_does_not_end_the_follow_but_the_run_ending_does()
    {
        _history.Record(new RunEvents.TaskStarted(RunId, "work", 1, 10, At));
        var collected = new Collected();
        var follow = Collect(EventDriven(), new LogTail(LogFile), collected);
        await AwaitAssertAsync(() => Assert.Equal(1, _history.Reads), Patience);

        _history.Persist(new RunEvents.TaskSucceeded(RunId, "other", 1, At));
        Append("still going\n");
        await AwaitAssertAsync(() => Assert.Equal(["still going"], collected.Lines()), Patience);
        _history.Persist(new RunEvents.RunFinished(RunId, RunStatus.Cancelled, "cancelled", At));
        await follow.WaitAsync(Patience);

        var run = EndedRun(collected);
        Assert.Equal((RunStatus.Cancelled, TaskStatus.Running), (run.Status, run.Task("work")!.Status));
        // The first look, and one when the run ended: another task's outcome is no reason to look.
        Assert.Equal(2, _history.Reads);
    }

    [Fact]
    public async Task Without_events_the_recheck_notices_a_run_another_process_runs()
    {
        _history.Record(new RunEvents.TaskStarted(RunId, "work", 1, 10, At));
        var follower = new TaskLogFollower(Sys, _history.ReadRun) { Poll = TimeSpan.FromMilliseconds(20), Recheck = TimeSpan.FromMilliseconds(50) };
        var collected = new Collected();
        var follow = Collect(follower, new LogTail(LogFile), collected);

        Append("from afar\n");
        _history.Record(new RunEvents.TaskFailed(RunId, "work", 1, 2, "exit code 2", false, At));
        await follow.WaitAsync(Patience);

        Assert.Equal(["from afar"], collected.Lines());
        Assert.Equal(TaskStatus.Failed, EndedRun(collected).Task("work")!.Status);
    }

    [Fact]
    public async Task A_quiet_task_yields_keep_alives()
    {
        _history.Record(new RunEvents.TaskStarted(RunId, "work", 1, 10, At));
        var quiet = new TaskLogFollower(Sys, _history.ReadRun) { Poll = TimeSpan.FromMilliseconds(20), Recheck = TimeSpan.FromDays(1), QuietAfter = TimeSpan.FromMilliseconds(50) };
        var collected = new Collected();
        var follow = Collect(quiet, new LogTail(LogFile), collected);

        await AwaitAssertAsync(() => Assert.True(collected.Steps().OfType<TaskLogFollower.Quiet>().Count() >= 2), Patience);
        _history.Persist(new RunEvents.TaskSucceeded(RunId, "work", 1, At));
        await follow.WaitAsync(Patience);

        Assert.IsType<TaskLogFollower.Ended>(collected.Steps()[^1]);
    }

    [Fact]
    public async Task A_follow_that_is_cancelled_drops_its_event_subscription()
    {
        _history.Record(new RunEvents.TaskStarted(RunId, "work", 1, 10, At));
        using var cancel = new CancellationTokenSource();
        var follow = Collect(EventDriven(), new LogTail(LogFile), new Collected(), cancel.Token);
        await AwaitAssertAsync(() => Assert.Equal(1, _history.Reads), Patience);
        var feed = RunEventFeed.For(Sys);
        Assert.Equal(1, feed.Subscribers(RunId));

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => follow.WaitAsync(Patience));
        Assert.Equal(0, feed.Subscribers(RunId));
    }

    [Fact]
    public void Only_outcomes_of_the_task_and_the_end_of_its_run_concern_a_follow()
    {
        Assert.True(TaskLogFollower.Concerns(new RunEvents.TaskSucceeded(RunId, "work", 1, At), RunId, "work"));
        Assert.True(TaskLogFollower.Concerns(new RunEvents.TaskFailed(RunId, "work", 1, 1, "r", false, At), RunId, "work"));
        Assert.True(TaskLogFollower.Concerns(new RunEvents.TaskSkipped(RunId, "work", "r", At), RunId, "work"));
        Assert.True(TaskLogFollower.Concerns(new RunEvents.TaskUpstreamFailed(RunId, "work", "up", At), RunId, "work"));
        Assert.True(TaskLogFollower.Concerns(new RunEvents.RunFinished(RunId, RunStatus.Failed, null, At), RunId, "work"));
        Assert.False(TaskLogFollower.Concerns(new RunEvents.TaskSucceeded(RunId, "other", 1, At), RunId, "work"));
        Assert.False(TaskLogFollower.Concerns(new RunEvents.TaskSucceeded("20260101_000000.000_x", "work", 1, At), RunId, "work"));
        Assert.False(TaskLogFollower.Concerns(new RunEvents.RunFinished("20260101_000000.000_x", RunStatus.Failed, null, At), RunId, "work"));
        Assert.False(TaskLogFollower.Concerns(new RunEvents.TaskStarted(RunId, "work", 2, 1, At), RunId, "work"));
    }

    [Fact]
    public void A_follow_is_over_for_a_missing_run_or_task_a_settled_task_or_an_ended_run()
    {
        var history = new RunHistory();
        history.Apply(new RunEvents.RunCreated(RunId, "etl", "api", "h", [new("work", []), new("next", ["work"])], At));
        history.Apply(new RunEvents.TaskStarted(RunId, "work", 1, 1, At));
        var running = history.Get(RunId)!;

        Assert.False(TaskLogFollower.IsOver(running, "work"));
        Assert.False(TaskLogFollower.IsOver(running, "next"));
        Assert.True(TaskLogFollower.IsOver(null, "work"));
        Assert.True(TaskLogFollower.IsOver(running, "nope"));
        Assert.True(TaskLogFollower.IsOver(running with { Status = RunStatus.TimedOut }, "work"));
        history.Apply(new RunEvents.TaskSkipped(RunId, "next", "condition", At));
        Assert.True(TaskLogFollower.IsOver(history.Get(RunId), "next"));
    }
}
