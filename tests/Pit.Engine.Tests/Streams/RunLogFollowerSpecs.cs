using Akka.TestKit.Xunit2;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;
using Pit.Engine.Runs;
using Pit.Engine.Streams;

namespace Pit.Engine.Tests.Streams;

/// <summary>
/// Following every task log of a run against real log files and the real EventStream; the run
/// history is a stand-in the test moves forward, publishing the event the DagRun would.
/// </summary>
public sealed class RunLogFollowerSpecs : TestKit
{
    // A deadline for liveness on a busy machine, not a timing assertion.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string RunId = "20260101_000000.000_etl";
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _runsDir = Path.Combine(Path.GetTempPath(), "pit-run-follow-" + Guid.NewGuid().ToString("N")[..12]);

    private readonly StandInHistory _history;

    public RunLogFollowerSpecs()
    {
        Directory.CreateDirectory(RunPaths.Of(_runsDir, RunId).Logs);
        _history = new StandInHistory(Sys, new RunEvents.RunCreated(RunId, "etl", "ctl", "h", [new("extract", []), new("load", ["extract"])], At));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Directory.Delete(_runsDir, recursive: true);
    }

    private void Append(string task, string text) => File.AppendAllText(RunPaths.Of(_runsDir, RunId).LogOf(task), text);





    /// <summary>A follower that never looks at the history again unless the run's end says so.</summary>
    private RunLogFollower EventDriven() => new(Sys, _runsDir, _history.ReadRun) { Poll = TimeSpan.FromMilliseconds(20), Recheck = TimeSpan.FromDays(1) };

    private sealed class Collected
    {
        private readonly List<RunLogFollower.Step> _steps = [];

        public void Add(RunLogFollower.Step step)
        {
            lock (_steps) _steps.Add(step);
        }

        public List<string> Lines()
        {
            lock (_steps) return _steps.OfType<RunLogFollower.Lines>().SelectMany(l => l.Text.Select(line => $"{l.Task}: {line.Text}")).ToList();
        }

        public List<RunLogFollower.Step> Steps()
        {
            lock (_steps) return _steps.ToList();
        }
    }

    private static Task Collect(RunLogFollower follower, Collected into, string? task = null, string runId = RunId) =>
        Task.Run(async () =>
        {
            await foreach (var step in follower.FollowAsync(runId, task)) into.Add(step);
        });

    [Fact]
    public async Task A_finished_run_yields_every_task_log_in_plan_order_then_ends()
    {
        Append("load", "loaded\n");
        Append("extract", "one\ntwo\n");
        _history.Record(new RunEvents.RunFinished(RunId, RunStatus.Succeeded, null, At));
        var collected = new Collected();

        await Collect(EventDriven(), collected).WaitAsync(Patience);

        Assert.Equal(["extract: one", "extract: two", "load: loaded"], collected.Lines());
        Assert.Equal(RunStatus.Succeeded, Assert.IsType<RunLogFollower.Ended>(collected.Steps()[^1]).Run!.Status);
    }

    [Fact]
    public async Task A_running_run_yields_lines_as_written_by_tasks_that_start_later_too_and_ends_when_its_end_is_persisted()
    {
        _history.Record(new RunEvents.TaskStarted(RunId, "extract", 1, 10, At));
        Append("extract", "one\n");
        var collected = new Collected();
        var follow = Collect(EventDriven(), collected);

        await AwaitAssertAsync(() => Assert.Equal(["extract: one"], collected.Lines()), Patience);
        _history.Persist(new RunEvents.TaskSucceeded(RunId, "extract", 1, At), new RunEvents.TaskStarted(RunId, "load", 1, 11, At));
        Append("load", "loading\n");
        await AwaitAssertAsync(() => Assert.Equal(["extract: one", "load: loading"], collected.Lines()), Patience);
        Assert.False(follow.IsCompleted);
        // The last lines are written before the end is recorded.
        Append("load", "loaded\n");
        _history.Persist(new RunEvents.TaskSucceeded(RunId, "load", 1, At), new RunEvents.RunFinished(RunId, RunStatus.Succeeded, null, At));
        await follow.WaitAsync(Patience);

        Assert.Equal(["extract: one", "load: loading", "load: loaded"], collected.Lines());
        Assert.Single(collected.Steps().OfType<RunLogFollower.Ended>());
        // The first look, and one when the run ended: a task's outcome is no reason to look.
        Assert.Equal(2, _history.Reads);
    }

    [Fact]
    public async Task With_a_task_only_its_lines_are_followed()
    {
        Append("extract", "one\n");
        Append("load", "loaded\n");
        _history.Record(new RunEvents.RunFinished(RunId, RunStatus.Failed, "load failed", At));
        var collected = new Collected();

        await Collect(EventDriven(), collected, task: "load").WaitAsync(Patience);

        Assert.Equal(["load: loaded"], collected.Lines());
    }

    [Fact]
    public async Task A_run_the_history_does_not_hold_ends_at_once()
    {
        var collected = new Collected();

        await Collect(EventDriven(), collected, runId: "20260101_000000.000_other").WaitAsync(Patience);

        Assert.Null(Assert.IsType<RunLogFollower.Ended>(Assert.Single(collected.Steps())).Run);
    }

    [Fact]
    public async Task Without_events_the_recheck_notices_a_run_another_process_ended()
    {
        var follower = new RunLogFollower(Sys, _runsDir, _history.ReadRun) { Poll = TimeSpan.FromMilliseconds(20), Recheck = TimeSpan.FromMilliseconds(50) };
        var collected = new Collected();
        var follow = Collect(follower, collected);

        Append("extract", "from afar\n");
        _history.Record(new RunEvents.RunFinished(RunId, RunStatus.Cancelled, "cancelled", At));
        await follow.WaitAsync(Patience);

        Assert.Equal(["extract: from afar"], collected.Lines());
        Assert.Equal(RunStatus.Cancelled, Assert.IsType<RunLogFollower.Ended>(collected.Steps()[^1]).Run!.Status);
    }
}
