using Pit.Core.Dags;
using Pit.Engine.Protocol;
using Pit.Engine.Runs;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;
using static Pit.Engine.Tests.Runs.RunPlans;

namespace Pit.Engine.Tests.Runs;

/// <summary>The pure scheduling rules of a run, without actors: which tasks start and which settle.</summary>
public class DagRunDecisionsSpecs
{
    private static DagRunDecisions.Step Next(DagRunState state, int max = 4, IReadOnlySet<string>? busy = null,
        Func<string, TaskCondition>? condition = null) =>
        DagRunDecisions.Next(state, max, busy ?? None, None, condition ?? (_ => TaskCondition.AllSuccess), At);

    [Fact]
    public void Starts_tasks_whose_dependencies_are_settled_up_to_the_limit_in_plan_order()
    {
        var state = Plan(("a", []), ("b", []), ("c", []), ("d", ["a"]));

        var step = Next(state, max: 2);

        Assert.Equal(["a", "b"], step.Start);
        Assert.Empty(step.Settle);
    }

    [Fact]
    public void Running_and_busy_tasks_count_against_the_limit()
    {
        var state = Plan(("a", []), ("b", []), ("c", []))
            .Apply(new RunEvents.TaskStarted(RunId, "a", 1, 10, At));

        Assert.Equal(["c"], Next(state, max: 3, busy: new HashSet<string> { "b" }).Start);
        Assert.Empty(Next(state, max: 2, busy: new HashSet<string> { "b" }).Start);
        Assert.Equal(["b"], Next(state, max: 2).Start);
    }

    [Fact]
    public void A_task_whose_attempt_ended_gives_its_slot_to_an_independent_task_while_its_dependents_wait_for_the_outcome()
    {
        // a's process has ended; its outcome is not in the journal yet. Its start may be or not.
        var started = Plan(("a", []), ("after_a", ["a"]), ("other", []))
            .Apply(new RunEvents.TaskStarted(RunId, "a", 1, 10, At));
        var unsent = Plan(("a", []), ("after_a", ["a"]), ("other", []));
        var busy = new HashSet<string> { "a" };

        foreach (var state in new[] { started, unsent })
        {
            Assert.Empty(DagRunDecisions.Next(state, 1, busy, None, _ => TaskCondition.AllSuccess, At).Start);
            Assert.Equal(["other"], DagRunDecisions.Next(state, 1, busy, None, _ => TaskCondition.AllSuccess, At, ended: busy).Start);
        }
    }

    [Fact]
    public void A_failure_settles_its_whole_downstream_chain_in_one_step()
    {
        var state = Plan(("a", []), ("b", ["a"]), ("c", ["b"]), ("side", []))
            .Apply(new RunEvents.TaskStarted(RunId, "a", 1, 10, At))
            .Apply(new RunEvents.TaskFailed(RunId, "a", 1, 3, "exit code 3", false, At));

        var step = Next(state);

        Assert.Equal(["side"], step.Start);
        var settled = step.Settle.Cast<RunEvents.TaskUpstreamFailed>().ToList();
        Assert.Equal(["b", "c"], settled.Select(e => e.Task));
        Assert.Equal(["a", "b"], settled.Select(e => e.Upstream));
    }

    [Fact]
    public void Conditions_decide_what_runs_after_a_failure_and_what_is_skipped()
    {
        var state = Plan(("a", []), ("cleanup", ["a"]), ("alert", ["a"]), ("report", ["a"]))
            .Apply(new RunEvents.TaskStarted(RunId, "a", 1, 10, At))
            .Apply(new RunEvents.TaskSucceeded(RunId, "a", 1, At));
        TaskCondition Condition(string task) => task switch
        {
            "cleanup" => TaskCondition.AllDone,
            "alert" => TaskCondition.OneFailed,
            _ => TaskCondition.AllSuccess,
        };

        var step = Next(state, condition: Condition);

        Assert.Equal(["cleanup", "report"], step.Start);
        var skipped = Assert.IsType<RunEvents.TaskSkipped>(Assert.Single(step.Settle));
        Assert.Equal("alert", skipped.Task);
    }

    [Fact]
    public void A_skipped_upstream_skips_all_success_dependents()
    {
        var state = Plan(("a", []), ("b", ["a"]))
            .Apply(new RunEvents.TaskSkipped(RunId, "a", "not needed", At));

        var skipped = Assert.IsType<RunEvents.TaskSkipped>(Assert.Single(Next(state).Settle));

        Assert.Equal("b", skipped.Task);
        Assert.Contains("'a'", skipped.Reason);
    }

    [Fact]
    public void Dependencies_outside_the_plan_are_ignored()
    {
        var state = Plan(("only", ["not_planned"]));

        Assert.Equal(["only"], Next(state).Start);
    }

    [Fact]
    public void A_task_waiting_for_its_retry_is_not_started_again()
    {
        var state = Plan(("a", []))
            .Apply(new RunEvents.TaskStarted(RunId, "a", 1, 10, At))
            .Apply(new RunEvents.TaskFailed(RunId, "a", 1, 1, "exit code 1", false, At))
            .Apply(new RunEvents.TaskRetryScheduled(RunId, "a", 2, TimeSpan.FromSeconds(5), At));

        Assert.Empty(Next(state).Start);
        Assert.Null(DagRunDecisions.Outcome(state, None));
    }

    [Fact]
    public void The_outcome_is_known_once_every_task_is_settled_and_nothing_is_busy()
    {
        var state = Plan(("a", []), ("b", ["a"]))
            .Apply(new RunEvents.TaskStarted(RunId, "a", 1, 10, At))
            .Apply(new RunEvents.TaskFailed(RunId, "a", 1, 1, "exit code 1", false, At));
        Assert.Null(DagRunDecisions.Outcome(state, None));

        state = state.Apply(new RunEvents.TaskUpstreamFailed(RunId, "b", "a", At));

        Assert.Null(DagRunDecisions.Outcome(state, new HashSet<string> { "a" }));
        Assert.Equal(RunStatus.Failed, DagRunDecisions.Outcome(state, None));
    }
}
