using Pit.Core.Time;
using Pit.Engine.Scheduling;

namespace Pit.Engine.Tests.Scheduling;

public sealed class CronFireTimesSpecs
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text + "Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void The_first_fire_is_strictly_after_now_to_the_second()
    {
        var everyFiveSeconds = CronSchedule.Parse("*/5 * * * * *");

        Assert.Equal(Utc("2026-11-25T12:00:05"), CronFireTimes.First(everyFiveSeconds, TimeZoneInfo.Utc, Utc("2026-11-25T12:00:03.250")));
        Assert.Equal(Utc("2026-11-25T12:00:10"), CronFireTimes.First(everyFiveSeconds, TimeZoneInfo.Utc, Utc("2026-11-25T12:00:05")));
    }

    [Fact]
    public void A_daily_time_in_Europe_London_follows_the_wall_clock_across_both_transitions()
    {
        var nineOClock = CronSchedule.Parse("0 9 * * *");

        // GMT (UTC+0) until 29 March 2026, BST (UTC+1) until 25 October 2026.
        Assert.Equal(Utc("2026-03-28T09:00"), CronFireTimes.First(nineOClock, London, Utc("2026-03-28T08:00")));
        Assert.Equal(Utc("2026-03-29T08:00"), CronFireTimes.First(nineOClock, London, Utc("2026-03-28T09:00")));
        Assert.Equal(Utc("2026-10-24T08:00"), CronFireTimes.First(nineOClock, London, Utc("2026-10-24T07:00")));
        Assert.Equal(Utc("2026-10-25T09:00"), CronFireTimes.First(nineOClock, London, Utc("2026-10-24T08:00")));
    }

    [Fact]
    public void A_time_in_the_skipped_hour_fires_once_when_the_clocks_go_forward()
    {
        // 01:30 does not exist in London on 29 March 2026 (01:00 GMT becomes 02:00 BST).
        var halfPastOne = CronSchedule.Parse("30 1 * * *");

        var onTheDay = CronFireTimes.First(halfPastOne, London, Utc("2026-03-28T12:00"));
        var dayAfter = CronFireTimes.First(halfPastOne, London, onTheDay!.Value);

        Assert.Equal(Utc("2026-03-29T01:00"), onTheDay);
        Assert.Equal(Utc("2026-03-30T00:30"), dayAfter);
    }

    [Fact]
    public void A_time_in_the_repeated_hour_fires_once_when_the_clocks_go_back()
    {
        // 01:30 happens twice in London on 25 October 2026 (00:30 UTC in BST, 01:30 UTC in GMT).
        var halfPastOne = CronSchedule.Parse("30 1 * * *");

        var onTheDay = CronFireTimes.First(halfPastOne, London, Utc("2026-10-24T12:00"));
        var next = CronFireTimes.AfterFire(halfPastOne, London, onTheDay!.Value, onTheDay.Value);

        Assert.Equal(Utc("2026-10-25T00:30"), onTheDay);
        Assert.Equal((Utc("2026-10-26T01:30"), 0), next);
    }

    [Fact]
    public void A_slow_fire_arms_the_very_next_occurrence_and_never_the_fired_one_again()
    {
        var everyFiveSeconds = CronSchedule.Parse("*/5 * * * * *");
        var fired = Utc("2026-11-25T12:00:05");

        Assert.Equal((Utc("2026-11-25T12:00:10"), 0), CronFireTimes.AfterFire(everyFiveSeconds, TimeZoneInfo.Utc, fired, fired));
        Assert.Equal((Utc("2026-11-25T12:00:10"), 0), CronFireTimes.AfterFire(everyFiveSeconds, TimeZoneInfo.Utc, fired, fired.AddSeconds(4.9)));
    }

    [Fact]
    public void A_fire_later_than_several_occurrences_fires_only_the_latest_and_counts_the_missed()
    {
        var everyFiveSeconds = CronSchedule.Parse("*/5 * * * * *");
        var fired = Utc("2026-11-25T12:00:05");

        // :10 and :15 passed while :05 was late; :15 is due now, :10 is missed.
        Assert.Equal((Utc("2026-11-25T12:00:15"), 1), CronFireTimes.AfterFire(everyFiveSeconds, TimeZoneInfo.Utc, fired, Utc("2026-11-25T12:00:17")));
        Assert.Equal((Utc("2026-11-25T12:00:10"), 0), CronFireTimes.AfterFire(everyFiveSeconds, TimeZoneInfo.Utc, fired, Utc("2026-11-25T12:00:10")));
    }

    [Fact]
    public void Upcoming_occurrences_start_from_the_armed_one_or_else_from_now_and_stop_when_the_schedule_ends()
    {
        var hourly = CronSchedule.Parse("0 * * * *");
        var now = Utc("2026-11-25T12:30");

        Assert.Equal([Utc("2026-11-25T13:00"), Utc("2026-11-25T14:00"), Utc("2026-11-25T15:00")],
            CronFireTimes.Upcoming(hourly, TimeZoneInfo.Utc, first: null, now, count: 3));
        Assert.Equal([Utc("2026-11-25T12:00"), Utc("2026-11-25T13:00")],
            CronFireTimes.Upcoming(hourly, TimeZoneInfo.Utc, first: Utc("2026-11-25T12:00"), now, count: 2));
        // 29 February comes every four years; 30 February never.
        Assert.Equal([Utc("2028-02-29T00:00"), Utc("2032-02-29T00:00")],
            CronFireTimes.Upcoming(CronSchedule.Parse("0 0 29 2 *"), TimeZoneInfo.Utc, null, now, count: 2));
        Assert.Empty(CronFireTimes.Upcoming(CronSchedule.Parse("0 0 30 2 *"), TimeZoneInfo.Utc, null, now, count: 2));
    }
}
