using Pit.Engine.Persistence;
using Pit.Engine.Protocol;
using static Pit.Engine.Tests.Persistence.SampleEvents;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Tests.Persistence;

public sealed class RunHistorySpecs
{
    private static RunHistory Fold(params IEnumerable<IPitEvent>[] runs)
    {
        var history = new RunHistory();
        foreach (var evt in runs.SelectMany(r => r))
            history.Apply(evt);
        return history;
    }

    [Fact]
    public void A_succeeded_run_has_its_status_duration_and_task_states()
    {
        var run = Fold(SucceededRun("20250314_093000.125_a", "a", T0, seconds: 4)).Get("20250314_093000.125_a")!;

        Assert.Equal(("a", "manual", RunStatus.Succeeded), (run.Dag, run.Trigger, run.Status));
        Assert.Equal(T0, run.CreatedAt);
        Assert.Equal(T0.AddSeconds(4), run.FinishedAt);
        Assert.Equal(TimeSpan.FromSeconds(4), run.Duration);
        Assert.Equal(["extract", "load"], run.Tasks.Select(t => t.Name));
        var extract = run.Task("extract")!;
        Assert.Equal((TaskStatus.Success, 1, TimeSpan.FromSeconds(1)), (extract.Status, extract.Attempts, extract.Duration!.Value));
        Assert.Equal(TaskStatus.Success, run.Task("load")!.Status);
    }

    [Fact]
    public void A_failed_run_keeps_attempts_exit_code_and_reasons()
    {
        var run = Fold(FailedRun("20250314_093000.125_b", "b", T0)).Get("20250314_093000.125_b")!;

        Assert.Equal((RunStatus.Failed, "1 task failed"), (run.Status, run.Reason));
        var extract = run.Task("extract")!;
        Assert.Equal((TaskStatus.Failed, 2, 2, "exit code 2"), (extract.Status, extract.Attempts, extract.ExitCode, extract.Reason));
        Assert.Equal(T0.AddSeconds(1), extract.StartedAt);
        Assert.Equal(TimeSpan.FromSeconds(4), extract.Duration);
        var load = run.Task("load")!;
        Assert.Equal(TaskStatus.UpstreamFailed, load.Status);
        Assert.Contains("extract", load.Reason);
        Assert.Equal(0, load.Attempts);
    }

    [Fact]
    public void A_running_run_shows_pending_running_and_retrying_tasks()
    {
        var events = FailedRun("20250314_093000.125_b", "b", T0).Take(4);

        var run = Fold(events).Get("20250314_093000.125_b")!;

        Assert.Equal((RunStatus.Running, null, null), (run.Status, run.FinishedAt, run.Duration));
        var extract = run.Task("extract")!;
        Assert.Equal((TaskStatus.Pending, 1, 1, "exit code 1"), (extract.Status, extract.Attempts, extract.ExitCode, extract.Reason));
        Assert.Null(extract.FinishedAt);
        Assert.Equal((TaskStatus.Pending, 0), (run.Task("load")!.Status, run.Task("load")!.Attempts));
    }

    [Fact]
    public void Skipped_tasks_have_their_reason()
    {
        var id = "20250314_093000.125_c";
        var run = Fold(
        [
            new RunEvents.RunCreated(id, "c", "manual", "h", [new("report", [])], T0),
            new RunEvents.TaskSkipped(id, "report", "condition one_failed not met", T0.AddSeconds(1)),
        ]).Get(id)!;

        Assert.Equal((TaskStatus.Skipped, "condition one_failed not met"), (run.Tasks[0].Status, run.Tasks[0].Reason));
    }

    [Fact]
    public void Events_of_a_run_never_created_are_ignored()
    {
        var history = Fold([new RunEvents.TaskStarted("20250314_093000.125_x", "t", 1, null, T0)]);

        Assert.Equal(0, history.Count);
        Assert.Null(history.Get("20250314_093000.125_x"));
    }

    [Fact]
    public void Runs_of_a_dag_come_newest_first_and_the_latest_is_the_newest()
    {
        var history = Fold(
            SucceededRun("20250314_093000.000_a", "a", T0),
            FailedRun("20250314_093100.000_a", "a", T0.AddMinutes(1)),
            SucceededRun("20250314_093200.000_b", "b", T0.AddMinutes(2)),
            SucceededRun("20250314_093300.000_a", "a", T0.AddMinutes(3)));

        Assert.Equal(
            ["20250314_093300.000_a", "20250314_093100.000_a", "20250314_093000.000_a"],
            history.RunsOf("a").Select(r => r.RunId));
        Assert.Equal("20250314_093300.000_a", history.LatestOf("a")!.RunId);
        Assert.Null(history.LatestOf("nope"));
        Assert.Equal(4, history.All().Count);
        Assert.Equal(["a", "b"], history.Dags());
    }

    [Fact]
    public void A_dag_summary_counts_recent_successes_and_failures()
    {
        var history = Fold(
            SucceededRun("20250314_093000.000_a", "a", T0),
            FailedRun("20250314_093100.000_a", "a", T0.AddMinutes(1)),
            SucceededRun("20250314_093200.000_a", "a", T0.AddMinutes(2), seconds: 7),
            SucceededRun("20250314_093300.000_b", "b", T0.AddMinutes(3)));

        var a = history.SummaryOf("a")!;
        Assert.Equal(("20250314_093200.000_a", RunStatus.Succeeded, TimeSpan.FromSeconds(7)), (a.LastRun.RunId, a.LastRun.Status, a.LastRun.Duration!.Value));
        Assert.Equal((3, 3, 2, 1), (a.Runs, a.Recent, a.RecentSucceeded, a.RecentFailed));

        var lastTwo = history.SummaryOf("a", recent: 2)!;
        Assert.Equal((2, 1, 1), (lastTwo.Recent, lastTwo.RecentSucceeded, lastTwo.RecentFailed));

        Assert.Equal(["a", "b"], history.Summaries().Select(s => s.Dag));
        Assert.Null(history.SummaryOf("nope"));
    }
}
