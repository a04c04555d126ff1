using Pit.Engine.Protocol;
using Pit.Engine.Runs;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Tests.Runs;

public sealed class RerunPlanSpecs
{
    private const string RunId = "20260101_000000.000_d";
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // extract → load → report, and side on its own; load failed, so report is upstream_failed.
    private static DagRunState FailedAtLoad() => DagRunState.Empty(RunId)
        .Apply(new RunEvents.RunCreated(RunId, "d", "cron", "hash", [new("extract", []), new("load", ["extract"]), new("report", ["load"]), new("side", [])], At))
        .Apply(new RunEvents.TaskSucceeded(RunId, "extract", 1, At))
        .Apply(new RunEvents.TaskSucceeded(RunId, "side", 1, At))
        .Apply(new RunEvents.TaskFailed(RunId, "load", 1, 4, "exit code 4", false, At))
        .Apply(new RunEvents.TaskUpstreamFailed(RunId, "report", "load", At))
        .Apply(new RunEvents.RunFinished(RunId, RunStatus.Failed, "failed: load", At));

    private static RerunPlan.Outcome Plan(DagRunState original, RerunMode mode, string? task = null, params RunEvents.ContextSet[] context) =>
        RerunPlan.Make(original, new RerunOrder(RunId, mode, task), context);

    private static IEnumerable<string> Reused(RerunPlan.Outcome plan) => plan.Reused.Select(r => r.Name);

    [Fact]
    public void Without_a_flag_every_task_runs_again_with_its_dependencies()
    {
        var plan = Plan(FailedAtLoad(), RerunMode.All);

        Assert.Null(plan.Refused);
        Assert.Empty(plan.Reused);
        Assert.Equal(["extract", "load", "report", "side"], plan.Plan.Select(t => t.Name));
        Assert.Equal(["load"], plan.Plan.Single(t => t.Name == "report").DependsOn);
    }

    [Fact]
    public void Failed_reruns_what_did_not_succeed_and_its_dependents_and_reuses_the_successes()
    {
        var plan = Plan(FailedAtLoad(), RerunMode.Failed);

        Assert.Equal(["extract", "side"], Reused(plan));
        Assert.All(plan.Reused, reused => Assert.Equal((TaskStatus.Success, 0, null), (reused.Status, reused.ExitCode, reused.Reason)));
        Assert.Equal(["extract"], plan.Plan.Single(t => t.Name == "load").DependsOn);
    }

    [Fact]
    public void From_reruns_the_task_and_everything_downstream_and_the_task_waits_for_nothing()
    {
        var plan = Plan(FailedAtLoad(), RerunMode.From, "extract");

        Assert.Equal(["side"], Reused(plan));
        Assert.Empty(plan.Plan.Single(t => t.Name == "extract").DependsOn);
        Assert.Equal(["load"], plan.Plan.Single(t => t.Name == "report").DependsOn);
    }

    [Fact]
    public void Task_reruns_exactly_that_task_and_the_others_keep_how_they_ended()
    {
        var plan = Plan(FailedAtLoad(), RerunMode.Task, "report");

        Assert.Equal(["extract", "load", "side"], Reused(plan));
        var load = plan.Reused.Single(r => r.Name == "load");
        Assert.Equal((TaskStatus.Failed, 4, "exit code 4"), (load.Status, load.ExitCode, load.Reason));
        // The named task runs whatever its upstream did.
        Assert.Empty(plan.Plan.Single(t => t.Name == "report").DependsOn);
    }

    [Fact]
    public void A_task_that_never_ran_and_is_not_rerun_is_reused_as_skipped()
    {
        var cancelled = DagRunState.Empty(RunId)
            .Apply(new RunEvents.RunCreated(RunId, "d", "manual", "hash", [new("a", []), new("b", [])], At))
            .Apply(new RunEvents.TaskSucceeded(RunId, "a", 1, At))
            .Apply(new RunEvents.RunFinished(RunId, RunStatus.Cancelled, "cancelled", At));

        var plan = Plan(cancelled, RerunMode.Task, "a");

        var b = Assert.Single(plan.Reused);
        Assert.Equal(("b", TaskStatus.Skipped), (b.Name, b.Status));
        Assert.Contains($"did not run in run {RunId}", b.Reason);
        // --failed counts a task that never ran as one to rerun.
        Assert.Equal(["a"], Reused(Plan(cancelled, RerunMode.Failed)));
    }

    [Fact]
    public void Only_the_reused_tasks_context_keys_carry_over()
    {
        var extractRows = new RunEvents.ContextSet(RunId, "extract", "rows", "42", At);
        var loadRows = new RunEvents.ContextSet(RunId, "load", "loaded", "0", At);

        var plan = Plan(FailedAtLoad(), RerunMode.Failed, null, extractRows, loadRows);

        Assert.Equal([extractRows], plan.Context);
    }

    [Fact]
    public void A_run_that_is_unknown_still_running_or_has_no_such_task_is_refused_saying_why()
    {
        var running = DagRunState.Empty(RunId).Apply(new RunEvents.RunCreated(RunId, "d", "manual", "hash", [new("a", [])], At));

        var unknown = Plan(DagRunState.Empty(RunId), RerunMode.All).Refused!;
        var active = Plan(running, RerunMode.All).Refused!;
        var noTask = Plan(FailedAtLoad(), RerunMode.From, "nope").Refused!;

        Assert.Equal((SchedulerCommands.RejectionKind.UnknownRun, $"no run '{RunId}' in the run history"), (unknown.Kind, unknown.Reason));
        Assert.Equal(SchedulerCommands.RejectionKind.RunActive, active.Kind);
        Assert.Contains("is still running", active.Reason);
        Assert.Equal(SchedulerCommands.RejectionKind.UnknownTask, noTask.Kind);
        Assert.Equal($"run '{RunId}' has no task 'nope'; its tasks: extract, load, report, side", noTask.Reason);
        Assert.Equal(["extract", "load", "report", "side"], noTask.Known);
    }

    [Fact]
    public void Failed_on_a_run_where_everything_succeeded_has_nothing_to_rerun()
    {
        var succeeded = DagRunState.Empty(RunId)
            .Apply(new RunEvents.RunCreated(RunId, "d", "manual", "hash", [new("a", [])], At))
            .Apply(new RunEvents.TaskSucceeded(RunId, "a", 1, At))
            .Apply(new RunEvents.RunFinished(RunId, RunStatus.Succeeded, null, At));

        var refused = Plan(succeeded, RerunMode.Failed).Refused!;

        Assert.Equal(SchedulerCommands.RejectionKind.NotRerunnable, refused.Kind);
        Assert.Contains("--failed has nothing to rerun", refused.Reason);
    }
}
