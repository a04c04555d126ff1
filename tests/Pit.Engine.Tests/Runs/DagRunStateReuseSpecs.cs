using Pit.Engine.Protocol;
using Pit.Engine.Runs;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Tests.Runs;

/// <summary>A rerun's RunCreated: its reused tasks are settled from the start and count as they ended.</summary>
public sealed class DagRunStateReuseSpecs
{
    private const string RunId = "20260102_000000.000_d";
    private const string Original = "20260101_000000.000_d";
    private static readonly DateTimeOffset At = new(2026, 1, 2, 0, 0, 0, TimeSpan.Zero);

    private static DagRunState Rerun() => DagRunState.Empty(RunId).Apply(new RunEvents.RunCreated(
        RunId, "d", TriggerNames.Rerun, "hash", [new("a", []), new("b", ["a"]), new("c", [])], At,
        RerunOf: Original, Reused: [new("a", TaskStatus.Success, 0), new("c", TaskStatus.Failed, 3, "exit code 3")]));

    [Fact]
    public void Reused_tasks_are_settled_as_they_ended_and_marked_reused()
    {
        var state = Rerun();

        Assert.Equal(Original, state.RerunOf);
        Assert.Equal([(TaskStatus.Success, true), (TaskStatus.Pending, false), (TaskStatus.Failed, true)], state.InOrder.Select(t => (t.Status, t.Reused)));
        Assert.Equal((3, "exit code 3", At), (state.Tasks["c"].ExitCode, state.Tasks["c"].Reason, state.Tasks["c"].FinishedAt));
        Assert.Equal(0, state.Tasks["a"].Attempt);
        Assert.Equal(new Dictionary<string, string> { ["a.exit_code"] = "0", ["c.exit_code"] = "3" }, state.Context);
    }

    [Fact]
    public void A_reused_success_counts_as_a_success_for_its_dependents()
    {
        var step = DagRunDecisions.Next(Rerun(), maxActiveTasks: 4, new HashSet<string>(), new HashSet<string>(), _ => Core.Dags.TaskCondition.AllSuccess, At);

        Assert.Equal(["b"], step.Start);
        Assert.Empty(step.Settle);
    }
}
