using Pit.Core.Time;

namespace Pit.Core.Tests.Time;

public class DurationTextSpecs
{
    [Theory]
    [InlineData("500ms", 0, 0, 0, 0, 500)]
    [InlineData("30s", 0, 0, 0, 30, 0)]
    [InlineData("45m", 0, 0, 45, 0, 0)]
    [InlineData("1h30m", 0, 1, 30, 0, 0)]
    [InlineData("2d", 2, 0, 0, 0, 0)]
    [InlineData("1d2h3m4s5ms", 1, 2, 3, 4, 5)]
    [InlineData("90m", 0, 1, 30, 0, 0)]
    [InlineData("0s", 0, 0, 0, 0, 0)]
    [InlineData("  15s ", 0, 0, 0, 15, 0)]
    public void Parses_the_written_forms(string text, int days, int hours, int minutes, int seconds, int ms)
    {
        Assert.True(DurationText.TryParse(text, out var value, out var problem), problem);
        Assert.Equal(new TimeSpan(days, hours, minutes, seconds, ms), value);
        Assert.Equal("", problem);
    }

    [Theory]
    [InlineData("", "empty duration")]
    [InlineData("   ", "empty duration")]
    [InlineData("30", "missing unit")]
    [InlineData("1h30", "missing unit")]
    [InlineData("1.5h", "missing unit")]
    [InlineData("h", "expected a number")]
    [InlineData("-5s", "expected a number")]
    [InlineData("10 minutes", "missing unit")]
    [InlineData("10min", "unknown unit \"min\"")]
    [InlineData("3w", "unknown unit \"w\"")]
    [InlineData("10S", "missing unit")]
    [InlineData("30m1h", "largest to smallest")]
    [InlineData("1h1h", "largest to smallest")]
    [InlineData("99999999999999999999s", "too large")]
    [InlineData("99999999d", "too large")]
    public void Rejects_bad_text_with_a_reason(string text, string fragment)
    {
        Assert.False(DurationText.TryParse(text, out _, out var problem));
        Assert.Contains(fragment, problem);
    }

    [Fact]
    public void A_sum_beyond_the_largest_duration_is_rejected_not_thrown()
    {
        // Each part fits on its own (10675199d is just under TimeSpan.MaxValue), their sum does not.
        var parsed = DurationText.TryParse("10675199d23h", out _, out var problem);

        Assert.False(parsed);
        Assert.Contains("too large", problem);
    }

    [Fact]
    public void Parse_throws_a_format_exception_with_the_problem()
    {
        var ex = Assert.Throws<FormatException>(() => DurationText.Parse("soon"));
        Assert.Contains("\"soon\"", ex.Message);
    }

    [Fact]
    public void Parse_returns_the_value()
    {
        Assert.Equal(TimeSpan.FromMinutes(90), DurationText.Parse("1h30m"));
    }

    [Theory]
    [InlineData("1h30m")]
    [InlineData("500ms")]
    [InlineData("2d")]
    [InlineData("1d2h3m4s5ms")]
    [InlineData("45m")]
    public void Format_writes_the_same_notation_back(string text)
    {
        Assert.Equal(text, DurationText.Format(DurationText.Parse(text)));
    }

    [Fact]
    public void Format_writes_zero_as_0s()
    {
        Assert.Equal("0s", DurationText.Format(TimeSpan.Zero));
    }

    [Fact]
    public void Format_normalises_units()
    {
        Assert.Equal("1h30m", DurationText.Format(TimeSpan.FromMinutes(90)));
    }
}
