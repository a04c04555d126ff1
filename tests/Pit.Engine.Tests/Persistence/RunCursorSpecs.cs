using Pit.Engine.Persistence;
using Pit.Engine.Protocol;

namespace Pit.Engine.Tests.Persistence;

public sealed class RunCursorSpecs
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    /// <summary>Runs created at the given seconds after T0 (several may share one), newest first as the history lists them.</summary>
    private static IReadOnlyList<RunSummary> Runs(params (string Id, int Second)[] runs)
    {
        var history = new RunHistory();
        foreach (var (id, second) in runs)
            history.Apply(new RunEvents.RunCreated(id, RunIds.DagOf(id), "api", "h", [], T0.AddSeconds(second)));
        return history.All();
    }

    [Fact]
    public void Paging_by_the_last_run_id_gives_disjoint_pages_that_cover_every_run_even_when_runs_share_a_time()
    {
        var all = Runs(
            ("20250314_093000.000_a", 0), ("20250314_093000.000_b", 0), ("20250314_093000.000_c", 0),
            ("20250314_093001.000_a", 1), ("20250314_093002.000_a", 2), ("20250314_093002.000_b", 2), ("20250314_093003.000_a", 3));

        var pages = new List<List<string>>();
        RunCursor? before = null;
        while (true)
        {
            var page = all.Where(r => before is null || before.Includes(r)).Take(2).ToList();
            if (page.Count == 0) break;
            pages.Add(page.Select(r => r.RunId).ToList());
            before = RunCursor.Before(page[^1]);
        }

        Assert.Equal(4, pages.Count);
        Assert.Equal(all.Select(r => r.RunId), pages.SelectMany(p => p));
    }

    [Fact]
    public void A_time_takes_the_runs_created_strictly_before_it()
    {
        var all = Runs(("20250314_093000.000_a", 0), ("20250314_093001.000_a", 1), ("20250314_093002.000_a", 2));

        var before = RunCursor.Before(T0.AddSeconds(1));

        Assert.Equal(["20250314_093000.000_a"], all.Where(before.Includes).Select(r => r.RunId));
    }

    [Fact]
    public void A_run_id_the_history_no_longer_holds_marks_the_place_by_its_time()
    {
        var all = Runs(("20250314_093000.000_a", 0), ("20250314_093005.000_a", 5));

        var before = RunCursor.BeforeId("20250314_093003.000_gone")!;

        Assert.Equal(["20250314_093000.000_a"], all.Where(before.Includes).Select(r => r.RunId));
        Assert.Null(RunCursor.BeforeId("yesterday"));
    }

    [Theory]
    [InlineData("2025-03-14", "2025-03-14T00:00:00+00:00")]
    [InlineData("2025-03-14T09:30", "2025-03-14T09:30:00+00:00")]
    [InlineData("2025-03-14T09:30:05Z", "2025-03-14T09:30:05+00:00")]
    [InlineData("2025-03-14T09:30:05.125Z", "2025-03-14T09:30:05.125+00:00")]
    [InlineData("2025-03-14T10:30:05+01:00", "2025-03-14T09:30:05+00:00")]
    [InlineData("2025-03-14T10:30:05 01:00", "2025-03-14T09:30:05+00:00")]
    [InlineData("2025-03-14T09:30:05", "2025-03-14T09:30:05+00:00")]
    public void Iso_8601_times_are_read_as_utc_when_they_have_no_offset(string text, string expected)
    {
        Assert.True(RunCursor.TryParseTime(text, out var time));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), time);
        Assert.Equal(TimeSpan.Zero, time.Offset);
    }

    [Theory]
    [InlineData("14/03/2025")]
    [InlineData("March 14 2025")]
    [InlineData("2025-03-14 09:30")]
    [InlineData("20250314_093000.000_a")]
    [InlineData("1741944600")]
    public void Other_forms_are_not_times(string text) => Assert.False(RunCursor.TryParseTime(text, out _));
}
