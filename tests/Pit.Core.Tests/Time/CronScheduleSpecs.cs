using Pit.Core.Time;

namespace Pit.Core.Tests.Time;

public class CronScheduleSpecs
{
    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 10, 15, 0, TimeSpan.Zero);

    [Fact]
    public void Five_fields_have_minute_precision()
    {
        Assert.True(CronSchedule.TryParse("30 6 * * *", out var schedule, out var problem), problem);

        Assert.False(schedule!.HasSeconds);
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 6, 30, 0, TimeSpan.Zero), schedule.NextAfter(Monday, TimeZoneInfo.Utc));
    }

    [Fact]
    public void Six_fields_put_seconds_first()
    {
        Assert.True(CronSchedule.TryParse("15 30 6 * * *", out var schedule, out var problem), problem);

        Assert.True(schedule!.HasSeconds);
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 6, 30, 15, TimeSpan.Zero), schedule.NextAfter(Monday, TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData("@hourly", 2025, 3, 3, 11)]
    [InlineData("@daily", 2025, 3, 4, 0)]
    [InlineData("@weekly", 2025, 3, 9, 0)]
    [InlineData("@monthly", 2025, 4, 1, 0)]
    [InlineData("@yearly", 2026, 1, 1, 0)]
    public void Macros_are_understood(string macro, int year, int month, int day, int hour)
    {
        Assert.True(CronSchedule.TryParse(macro, out var schedule, out var problem), problem);

        Assert.False(schedule!.HasSeconds);
        Assert.Equal(new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.Zero), schedule.NextAfter(Monday, TimeZoneInfo.Utc));
    }

    [Fact]
    public void Next_occurrence_is_strictly_after_the_given_time()
    {
        var schedule = CronSchedule.Parse("15 10 * * *");

        Assert.Equal(Monday.AddDays(1), schedule.NextAfter(Monday, TimeZoneInfo.Utc));
    }

    [Fact]
    public void Occurrences_are_evaluated_in_the_given_zone()
    {
        Assert.True(TimeZones.TryFind("America/New_York", out var newYork));
        var schedule = CronSchedule.Parse("0 9 * * *");

        // 9:00 in New York on 3 March 2025 (EST, UTC-5) is 14:00 UTC.
        var next = schedule.NextAfter(Monday, newYork);

        Assert.Equal(new DateTimeOffset(2025, 3, 3, 14, 0, 0, TimeSpan.Zero), next!.Value.ToUniversalTime());
    }

    [Fact]
    public void A_time_skipped_by_daylight_saving_fires_at_the_transition()
    {
        Assert.True(TimeZones.TryFind("Europe/London", out var london));
        var schedule = CronSchedule.Parse("30 1 * * *");

        // On 30 March 2025 London clocks jump from 01:00 GMT to 02:00 BST; 01:30 never happens.
        var next = schedule.NextAfter(new DateTimeOffset(2025, 3, 29, 12, 0, 0, TimeSpan.Zero), london);

        Assert.Equal(new DateTimeOffset(2025, 3, 30, 1, 0, 0, TimeSpan.Zero), next!.Value.ToUniversalTime());
    }

    [Fact]
    public void A_time_repeated_by_daylight_saving_fires_once()
    {
        Assert.True(TimeZones.TryFind("Europe/London", out var london));
        var schedule = CronSchedule.Parse("30 1 * * *");
        var from = new DateTimeOffset(2025, 10, 25, 12, 0, 0, TimeSpan.Zero);

        // On 26 October 2025 London clocks go back from 02:00 BST to 01:00 GMT; 01:30 happens twice.
        var times = schedule.Between(from, from.AddDays(1), london).ToList();

        Assert.Single(times);
    }

    [Fact]
    public void Between_excludes_the_start_and_includes_the_end()
    {
        var schedule = CronSchedule.Parse("@hourly");
        var from = new DateTimeOffset(2025, 3, 3, 10, 0, 0, TimeSpan.Zero);

        var times = schedule.Between(from, from.AddHours(3), TimeZoneInfo.Utc).ToList();

        Assert.Equal([from.AddHours(1), from.AddHours(2), from.AddHours(3)], times);
    }

    [Theory]
    [InlineData("* * * *", "got 4")]
    [InlineData("* * * * * * *", "got 7")]
    [InlineData("", "got 0")]
    [InlineData("61 * * * *", "invalid cron")]
    [InlineData("* 25 * * *", "invalid cron")]
    [InlineData("@sometimes", "invalid cron")]
    [InlineData("every day", "got 2")]
    public void Bad_expressions_are_rejected_with_a_reason(string text, string fragment)
    {
        Assert.False(CronSchedule.TryParse(text, out var schedule, out var problem));
        Assert.Null(schedule);
        Assert.Contains(fragment, problem);
    }

    [Fact]
    public void Parse_throws_a_format_exception_for_a_bad_expression()
    {
        var ex = Assert.Throws<FormatException>(() => CronSchedule.Parse("* *"));
        Assert.Contains("5 fields", ex.Message);
    }

    [Fact]
    public void Text_is_kept_trimmed()
    {
        var schedule = CronSchedule.Parse("  0 6 * * 1-5 ");

        Assert.Equal("0 6 * * 1-5", schedule.Text);
        Assert.Equal("0 6 * * 1-5", schedule.ToString());
    }
}
