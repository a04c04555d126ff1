using Pit.Cli.Top;

namespace Pit.Cli.Tests.Top;

/// <summary>How <c>pit top</c> writes times, durations and progress.</summary>
public sealed class TopFormatSpecs
{
    [Fact]
    public void Times_are_shown_in_the_given_zone_and_absent_ones_as_a_dash()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        Assert.Equal("2025-03-14 10:30:00", new TopFormat(berlin).Time(new DateTimeOffset(2025, 3, 14, 9, 30, 0, TimeSpan.Zero)));
        Assert.Equal("-", new TopFormat(TimeZoneInfo.Utc).Time(null));
    }

    [Fact]
    public void Durations_read_as_the_other_commands_print_them()
    {
        Assert.Equal("12.3s", TopFormat.Seconds(12.25));
        Assert.Equal("1m30s", TopFormat.Seconds(90));
        Assert.Equal("-", TopFormat.Seconds(null));
        Assert.Equal("20.0s", TopFormat.Elapsed(TopReplies.Now.AddSeconds(-20), TopReplies.Now));
    }

    [Fact]
    public void Progress_is_a_bar_of_tasks_done_of_all()
    {
        Assert.Equal("████░░░░ 2/4", TopFormat.Progress(2, 4, 8));
        Assert.Equal("░░░░░░░░░░ 0/3", TopFormat.Progress(0, 3));
        Assert.Equal("██████████ 3/3", TopFormat.Progress(3, 3));
        Assert.Equal("-", TopFormat.Progress(0, 0));
    }

    [Fact]
    public void Text_too_wide_is_cut_with_an_ellipsis_counting_terminal_columns()
    {
        Assert.Equal("short", TopRenderer.Fit("short", 10));
        Assert.Equal("abcdefghi…", TopRenderer.Fit("abcdefghijklmnop", 10));
        Assert.Equal("日本…", TopRenderer.Fit("日本語のログ", 6));
    }
}
