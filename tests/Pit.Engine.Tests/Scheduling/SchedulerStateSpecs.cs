using Pit.Engine.Protocol;
using Pit.Engine.Scheduling;

namespace Pit.Engine.Tests.Scheduling;

public sealed class SchedulerStateSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyDictionary<string, string> NoParameters = new Dictionary<string, string>();

    private static SchedulerEvents.TriggerQueued Queued(string id, string dag = "claims") =>
        new(id, dag, null, "api", NoParameters, false, T0);

    [Fact]
    public void The_last_fire_only_moves_forward()
    {
        var state = SchedulerState.Empty
            .Apply(new SchedulerEvents.OccurrenceFired("claims", T0.AddHours(1), T0))
            .Apply(new SchedulerEvents.OccurrenceFired("claims", T0, T0));

        Assert.Equal(T0.AddHours(1), state.LastFire("claims"));
        Assert.Null(state.LastFire("billing"));
    }

    [Fact]
    public void Pause_and_resume_are_remembered_with_the_time_of_the_resume()
    {
        var paused = SchedulerState.Empty.Apply(new SchedulerEvents.DagPaused("claims", T0));
        var resumed = paused.Apply(new SchedulerEvents.DagResumed("claims", T0.AddMinutes(5)));

        Assert.True(paused.IsPaused("claims"));
        Assert.False(paused.IsPaused("billing"));
        Assert.False(resumed.IsPaused("claims"));
        Assert.Equal(T0.AddMinutes(5), resumed.ResumedAt("claims"));
    }

    [Fact]
    public void Queued_triggers_stay_in_order_until_they_leave_and_a_repeated_event_counts_once()
    {
        var state = SchedulerState.Empty
            .Apply(Queued("a"))
            .Apply(Queued("b", "billing"))
            .Apply(Queued("a"))
            .Apply(Queued("c"))
            .Apply(new SchedulerEvents.QueuedTriggerLeft("b", "run-1", null, T0));

        Assert.Equal(["a", "c"], state.Queued.Select(q => q.Id));
    }

    [Fact]
    public void A_snapshot_restores_the_same_state()
    {
        var state = SchedulerState.Empty
            .Apply(new SchedulerEvents.OccurrenceFired("claims", T0, T0))
            .Apply(new SchedulerEvents.DagPaused("billing", T0))
            .Apply(new SchedulerEvents.DagResumed("claims", T0))
            .Apply(Queued("a"));

        var restored = SchedulerState.Empty.Apply(state.ToSnapshot());

        Assert.Equal(T0, restored.LastFire("claims"));
        Assert.True(restored.IsPaused("billing"));
        Assert.Equal(T0, restored.ResumedAt("claims"));
        Assert.Equal(["a"], restored.Queued.Select(q => q.Id));
    }
}
