using Pit.Core.Dags;
using Pit.Core.Time;
using Pit.Engine.Scheduling;

namespace Pit.Engine.Tests.Scheduling;

public sealed class CatchupPlanSpecs
{
    private static readonly CronSchedule Hourly = CronSchedule.Parse("0 * * * *");
    private static readonly DateTimeOffset LastFire = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    // Down from 08:00 until 12:30: 09:00, 10:00, 11:00 and 12:00 were missed.
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 30, 0, TimeSpan.Zero);

    private static (IReadOnlyList<DateTimeOffset> Fire, int Skipped) Plan(CatchupPolicy policy, TimeSpan? window = null, int limit = 100) =>
        CatchupPlan.Missed(Hourly, TimeZoneInfo.Utc, policy, window, LastFire, Now, limit);

    private static DateTimeOffset At(int hour) => new(2026, 3, 1, hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public void None_fires_nothing_and_counts_what_was_missed()
    {
        var (fire, skipped) = Plan(CatchupPolicy.None);

        Assert.Empty(fire);
        Assert.Equal(4, skipped);
    }

    [Fact]
    public void Latest_fires_only_the_latest_missed_occurrence()
    {
        var (fire, skipped) = Plan(CatchupPolicy.Latest);

        Assert.Equal([At(12)], fire);
        Assert.Equal(3, skipped);
    }

    [Fact]
    public void All_fires_every_missed_occurrence_oldest_first()
    {
        var (fire, skipped) = Plan(CatchupPolicy.All);

        Assert.Equal([At(9), At(10), At(11), At(12)], fire);
        Assert.Equal(0, skipped);
    }

    [Fact]
    public void All_with_a_window_fires_only_the_occurrences_inside_it()
    {
        var (fire, skipped) = Plan(CatchupPolicy.All, window: TimeSpan.FromHours(2));

        Assert.Equal([At(11), At(12)], fire);
        Assert.Equal(2, skipped);
    }

    [Fact]
    public void All_keeps_the_latest_occurrences_when_more_than_the_limit_were_missed()
    {
        var (fire, skipped) = Plan(CatchupPolicy.All, limit: 3);

        Assert.Equal([At(10), At(11), At(12)], fire);
        Assert.Equal(1, skipped);
    }

    [Fact]
    public void Nothing_is_missed_when_no_occurrence_passed()
    {
        var (fire, skipped) = CatchupPlan.Missed(Hourly, TimeZoneInfo.Utc, CatchupPolicy.All, null, At(12), Now, 100);

        Assert.Empty(fire);
        Assert.Equal(0, skipped);
    }

    [Fact]
    public void A_long_outage_of_an_every_second_schedule_is_bounded()
    {
        var everySecond = CronSchedule.Parse("* * * * * *");
        var since = Now.AddDays(-30);

        var (fire, skipped) = CatchupPlan.Missed(everySecond, TimeZoneInfo.Utc, CatchupPolicy.Latest, null, since, Now, 100);

        Assert.Equal([Now], fire);
        Assert.Equal(CatchupPlan.Counted - 1, skipped);
    }
}
