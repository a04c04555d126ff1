using Pit.Engine.Protocol;
using Pit.Engine.Runs;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Tests.Runs;

public class DagRunStateSpecs
{
    private const string RunId = "20260101_000000.000_d";
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

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
