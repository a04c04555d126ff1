using Pit.Core.Dags;
using Pit.Engine.Protocol;
using Pit.Engine.Runs;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;
using static Pit.Engine.Tests.Runs.RunPlans;

namespace Pit.Engine.Tests.Runs;

/// <summary>
/// The pending tasks a run's state keeps track of, and the step that looks only at them: it decides
/// exactly what a pass over every task decides.
/// </summary>
public class DagRunPendingSpecs
{
    [Fact]
    public void Pending_positions_follow_every_transition_and_failures_are_counted()
    {
        var state = Plan(("a", []), ("b", ["a"]), ("c", ["a"]));
        Assert.Equal([0, 1, 2], state.PendingPositions!);

        state = state.Apply(new RunEvents.TaskStarted(RunId, "a", 1, 10, At));
        Assert.Equal([1, 2], state.PendingPositions!);

        state = state.Apply(new RunEvents.TaskFailed(RunId, "a", 1, 1, "exit 1", false, At));
        Assert.Equal(1, state.UnsuccessfulCount);
        state = state.Apply(new RunEvents.TaskRetryScheduled(RunId, "a", 2, TimeSpan.FromSeconds(1), At));
        Assert.Equal([0, 1, 2], state.PendingPositions!);
        Assert.Equal(0, state.UnsuccessfulCount);

        state = state.Apply(new RunEvents.TaskSkipped(RunId, "c", "condition", At));
        Assert.Equal([0, 1], state.PendingPositions!);
        Assert.Equal(1, state.UnsuccessfulCount);
    }

    [Fact]
    public void A_step_at_the_limit_without_failures_or_one_failed_tasks_decides_nothing()
    {
        var state = Plan(("a", []), ("b", []), ("c", []))
            .Apply(new RunEvents.TaskStarted(RunId, "a", 1, 10, At));

        var step = DagRunDecisions.Next(state, 1, None, None, _ => TaskCondition.AllSuccess, At, anyOneFailed: false);

        Assert.Empty(step.Start);
        Assert.Empty(step.Settle);
    }

    [Fact]
    public void A_one_failed_task_is_still_skipped_at_the_limit()
    {
        var state = Plan(("a", []), ("b", ["a"]), ("c", []))
            .Apply(new RunEvents.TaskStarted(RunId, "c", 1, 10, At))
            .Apply(new RunEvents.TaskStarted(RunId, "a", 1, 11, At))
            .Apply(new RunEvents.TaskSucceeded(RunId, "a", 1, At));

        var step = DagRunDecisions.Next(state, 1, None, None, name => name == "b" ? TaskCondition.OneFailed : TaskCondition.AllSuccess, At, anyOneFailed: true);

        var skipped = Assert.IsType<RunEvents.TaskSkipped>(Assert.Single(step.Settle));
        Assert.Equal("b", skipped.Task);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    public void Every_step_of_a_random_run_matches_a_pass_over_all_tasks(int seed, bool withOneFailed)
    {
        var random = new Random(seed);
        var names = Enumerable.Range(0, 60).Select(i => $"t{i:00}").ToArray();
        var plan = names.Select((name, i) => (name, names.Take(i).Where(_ => random.Next(8) == 0).ToArray())).ToArray();
        var conditions = names.ToDictionary(n => n, _ => random.Next(6) switch
        {
            0 => TaskCondition.AllDone,
            1 => withOneFailed ? TaskCondition.OneFailed : TaskCondition.Always,
            _ => TaskCondition.AllSuccess,
        });
        var state = Plan(plan);
        var running = new List<string>();
        var max = 1 + random.Next(4);

        for (var steps = 0; steps < 1000; steps++)
        {
            var step = DagRunDecisions.Next(state, max, None, None, n => conditions[n], At, withOneFailed);
            var reference = DagRunDecisions.Next(state with { PendingPositions = null }, max, None, None, n => conditions[n], At);
            Assert.Equal(reference.Start, step.Start);
            Assert.Equal(reference.Settle, step.Settle);
            Assert.Equal(DagRunDecisions.Outcome(state with { PendingPositions = null }, None), DagRunDecisions.Outcome(state, None));
            if (DagRunDecisions.Outcome(state, None) is not null) return;

            foreach (var e in step.Settle) state = state.Apply(e);
            foreach (var name in step.Start)
            {
                state = state.Apply(new RunEvents.TaskStarted(RunId, name, state.Tasks[name].Attempt + 1, 1, At));
                running.Add(name);
            }
            if (step.Settle.Count > 0) continue;
            if (running.Count == 0)
            {
                // Nothing runs: a retry's delay is over (the actor starts it from its timer).
                var retry = state.Order.First(n => state.Tasks[n].RetryPending);
                state = state.Apply(new RunEvents.TaskStarted(RunId, retry, state.Tasks[retry].Attempt + 1, 1, At));
                running.Add(retry);
                continue;
            }
            var finished = running[random.Next(running.Count)];
            running.Remove(finished);
            var attempt = state.Tasks[finished].Attempt;
            state = random.Next(5) switch
            {
                0 => state.Apply(new RunEvents.TaskFailed(RunId, finished, attempt, 1, "exit 1", false, At)),
                1 when attempt < 2 => state
                    .Apply(new RunEvents.TaskFailed(RunId, finished, attempt, 1, "exit 1", false, At))
                    .Apply(new RunEvents.TaskRetryScheduled(RunId, finished, attempt + 1, TimeSpan.Zero, At)),
                _ => state.Apply(new RunEvents.TaskSucceeded(RunId, finished, attempt, At)),
            };
            Assert.Equal(state.Order.Count(n => state.Tasks[n].Status == TaskStatus.Pending), state.PendingPositions!.Count);
        }
        Assert.Fail("the run never ended");
    }
}
