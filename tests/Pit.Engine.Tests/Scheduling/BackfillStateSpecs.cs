using Pit.Engine.Protocol;
using Pit.Engine.Scheduling;

namespace Pit.Engine.Tests.Scheduling;

public sealed class BackfillStateSpecs
{
    private static readonly DateTimeOffset T1 = new(2026, 1, 1, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddDays(1);
    private static readonly DateTimeOffset T3 = T1.AddDays(2);

    [Fact]
    public void Occurrences_are_asked_for_oldest_first_never_more_than_the_concurrency_at_once()
    {
        var (state, due) = BackfillState.Of([T1, T2, T3], 2).TakeDue();
        Assert.Equal([T1, T2], due);
        Assert.Empty(state.TakeDue().Due);

        state = state.Created(T1, "r1").Ended(T1, RunStatus.Succeeded);
        (state, due) = state.TakeDue();

        Assert.Equal([T3], due);
        Assert.False(state.IsDone);
    }

    [Fact]
    public void Ended_runs_are_counted_by_outcome_and_a_refused_occurrence_as_not_started()
    {
        var (state, _) = BackfillState.Of([T1, T2, T3], 3).TakeDue();

        state = state.Created(T1, "r1").Created(T2, "r2");
        Assert.Equal(T2, state.OccurrenceOf("r2"));
        Assert.False(state.Expects(T2));
        state = state.Ended(T1, RunStatus.Succeeded).Ended(T2, RunStatus.Failed).Refused(T3);

        Assert.True(state.IsDone);
        Assert.Equal(new BackfillReports.Done(1, 1, 1), state.Summary);
    }

    [Fact]
    public void Stopping_drops_the_occurrences_not_asked_for_and_waits_for_the_active_ones()
    {
        var (state, _) = BackfillState.Of([T1, T2, T3], 1).TakeDue();

        (state, var dropped) = state.Stop();

        Assert.Equal([T2, T3], dropped);
        Assert.False(state.IsDone);
        Assert.Empty(state.TakeDue().Due);
        Assert.True(state.Created(T1, "r1").Ended(T1, RunStatus.Succeeded).IsDone);
        Assert.Equal(2, state.Summary.NotStarted);
    }
}
