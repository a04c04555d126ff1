using Pit.Core.Dags;
using Pit.Core.Time;
using Pit.Engine.Scheduling;

namespace Pit.Engine.Tests.Scheduling;

public sealed class BackfillPlanSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static DagDefinition Dag(string? schedule, string? timezone = "Europe/London", OverlapPolicy overlap = OverlapPolicy.Skip) => new()
    {
        Name = "daily",
        ProjectDir = "/w/projects/daily",
        File = "/w/projects/daily/pit.toml",
        Schedule = schedule is null ? null : CronSchedule.Parse(schedule),
        Timezone = timezone,
        Overlap = overlap,
    };

    private static IEnumerable<string> Texts(BackfillPlan.Outcome plan) => plan.Occurrences.Select(BackfillPlan.Text);

    [Fact]
    public void Every_occurrence_in_the_range_both_ends_included_in_the_DAGs_zone()
    {
        // 06:00 in London is 06:00Z in winter and 05:00Z in summer (from 29 March 2026).
        var plan = BackfillPlan.Make(Dag("0 6 * * *"), "2026-03-28T06:00", "2026-03-30T06:00", null, null, Now);

        Assert.Null(plan.Error);
        Assert.Equal(["2026-03-28T06:00:00Z", "2026-03-29T05:00:00Z", "2026-03-30T05:00:00Z"], Texts(plan));
    }

    [Fact]
    public void A_time_with_an_offset_is_taken_as_written_and_a_date_alone_is_midnight_in_the_zone()
    {
        Assert.True(BackfillPlan.TryParseTime("2026-07-01", TimeZoneInfo.FindSystemTimeZoneById("Europe/London"), out var midnight));
        Assert.True(BackfillPlan.TryParseTime("2026-07-01T06:30:00Z", TimeZoneInfo.FindSystemTimeZoneById("Europe/London"), out var utc));
        Assert.True(BackfillPlan.TryParseTime("2026-07-01T08:00+02:00", TimeZoneInfo.Utc, out var offset));

        Assert.Equal(new DateTimeOffset(2026, 6, 30, 23, 0, 0, TimeSpan.Zero), midnight);
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 6, 30, 0, TimeSpan.Zero), utc);
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 6, 0, 0, TimeSpan.Zero), offset);
        Assert.False(BackfillPlan.TryParseTime("yesterday", TimeZoneInfo.Utc, out _));
    }

    [Fact]
    public void Occurrences_after_now_are_left_to_the_schedule()
    {
        var plan = BackfillPlan.Make(Dag("0 6 * * *", "UTC"), "2026-11-24", "2026-11-30", null, null, Now);

        Assert.Equal(["2026-11-24T06:00:00Z", "2026-11-25T06:00:00Z"], Texts(plan));
    }

    [Fact]
    public void Bad_input_is_refused_naming_what_is_wrong()
    {
        var noSchedule = BackfillPlan.Make(Dag(null), "2026-01-01", "2026-01-02", null, null, Now);
        var badTime = BackfillPlan.Make(Dag("@daily"), "2026-13-01", "2026-01-02", null, null, Now);
        var reversed = BackfillPlan.Make(Dag("@daily", "UTC"), "2026-01-02", "2026-01-01", null, null, Now);
        var tooMany = BackfillPlan.Make(Dag("* * * * *"), "2026-01-01", "2026-01-02", null, null, Now);

        Assert.True(noSchedule.NoSchedule);
        Assert.Equal("DAG 'daily' has no schedule: a backfill starts one run per occurrence of the schedule (set schedule under [dag] in /w/projects/daily/pit.toml)", noSchedule.Error);
        Assert.StartsWith("--from: '2026-13-01' is not a time", badTime.Error);
        Assert.Equal("--from (2026-01-02T00:00:00Z) is after --to (2026-01-01T00:00:00Z)", reversed.Error);
        Assert.Contains($"holds more than {BackfillPlan.MaxOccurrences} occurrences", tooMany.Error);
        Assert.All(new[] { badTime, reversed, tooMany }, plan => Assert.False(plan.NoSchedule));
    }

    [Fact]
    public void Runs_overlap_only_with_overlap_allow_up_to_max_active_capped_by_max_active_runs()
    {
        Assert.Equal(1, BackfillPlan.Concurrency(OverlapPolicy.Skip, 4, null));
        Assert.Equal(1, BackfillPlan.Concurrency(OverlapPolicy.Queue, 4, null));
        Assert.Equal(1, BackfillPlan.Concurrency(OverlapPolicy.Allow, null, null));
        Assert.Equal(4, BackfillPlan.Concurrency(OverlapPolicy.Allow, 4, null));
        Assert.Equal(2, BackfillPlan.Concurrency(OverlapPolicy.Allow, 4, 2));
    }
}
