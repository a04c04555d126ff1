namespace Pit.Engine.Scheduling;

/// <summary>How late cron fires were (the fire's time minus the occurrence's): count, sum, worst and latest, since the service started.</summary>
public sealed record SchedulerLag(long Fires, TimeSpan Total, TimeSpan Worst, TimeSpan Latest)
{
    public static SchedulerLag None { get; } = new(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public SchedulerLag Add(TimeSpan lag)
    {
        if (lag < TimeSpan.Zero) lag = TimeSpan.Zero;
        return new(Fires + 1, Total + lag, lag > Worst ? lag : Worst, lag);
    }
}
