using Pit.Engine.Protocol;
using Pit.Engine.Runs;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Tests.Runs;

public class DagRunStateSpecs
{
    private const string RunId = "20260101_000000.000_d";
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_context_holds_what_tasks_set_and_each_tasks_last_exit_code()
    {
        var state = DagRunState.Empty(RunId)
            .Apply(new RunEvents.RunCreated(RunId, "d", "manual", "hash", [new("a", []), new("b", [])], At))
            .Apply(new RunEvents.ContextSet(RunId, "a", "rows", "42", At))
            .Apply(new RunEvents.TaskSucceeded(RunId, "a", 1, At))
            .Apply(new RunEvents.TaskFailed(RunId, "b", 1, 3, "exit code 3", false, At))
            .Apply(new RunEvents.TaskFailed(RunId, "b", 2, null, "timed out", true, At))
            .Apply(new RunEvents.ContextSet(RunId, "b", "rows", "{\"n\":7}", At));

        Assert.Equal(
            new Dictionary<string, string> { ["rows"] = "{\"n\":7}", ["a.exit_code"] = "0", ["b.exit_code"] = "3" },
            state.Context);
    }

    [Fact]
    public void The_running_count_follows_every_transition()
    {
        var state = DagRunState.Empty(RunId).Apply(new RunEvents.RunCreated(
            RunId, "d", "manual", "hash", [new("a", []), new("b", []), new("c", [])], At));
        Assert.Equal(0, state.RunningCount);

        state = state
            .Apply(new RunEvents.TaskStarted(RunId, "a", 1, 10, At))
            .Apply(new RunEvents.TaskStarted(RunId, "b", 1, 11, At))
            .Apply(new RunEvents.TaskStarted(RunId, "b", 1, 11, At));
        Assert.Equal(2, state.RunningCount);

        state = state
            .Apply(new RunEvents.TaskSucceeded(RunId, "a", 1, At))
            .Apply(new RunEvents.TaskFailed(RunId, "b", 1, 1, "exit code 1", false, At))
            .Apply(new RunEvents.TaskStarted(RunId, "unknown", 1, 12, At));
        Assert.Equal(0, state.RunningCount);
        Assert.Equal([TaskStatus.Success, TaskStatus.Failed, TaskStatus.Pending], state.InOrder.Select(t => t.Status));
    }
}
