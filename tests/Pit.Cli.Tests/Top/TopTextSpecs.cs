using System.Globalization;
using Pit.Cli.Top;

namespace Pit.Cli.Tests.Top;

/// <summary>The plain snapshot <c>pit top</c> prints when stdout is not a terminal.</summary>
public sealed class TopTextSpecs
{
    private static string Text(TopSnapshot snapshot)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        new TopText(new TopFormat(TimeZoneInfo.Utc)).Write(output, snapshot, "/srv/pit/.pit/control.sock");
        return output.ToString();
    }

    [Fact]
    public void It_lists_the_dags_the_active_runs_and_the_recent_failures_as_tables()
    {
        var lines = Text(TopReplies.Snapshot()).Split('\n');

        Assert.Equal("pit top · /srv/pit/.pit/control.sock · 2025-03-14 09:30:20", lines[0]);
        Assert.Equal("DAGs", lines[2]);
        Assert.Matches(@"^claims_pipeline\s+\*/30 \* \* \* \*\s+2025-03-14 10:00:00\s+no\s+1\s+2\s+running\s+20250314_093000\.125_claims_pipeline$", lines[4]);
        Assert.Matches(@"^nightly_export\s+0 2 \* \* \*\s+2025-03-15 02:00:00\s+yes\s+0\s+0\s+failed", lines[5]);
        Assert.Matches(@"^adhoc\s+-\s+-\s+no\s+0\s+0\s+-\s+-$", lines[6]);
        Assert.Equal("Active runs", lines[8]);
        Assert.Matches(@"^20250314_093000\.125_claims_pipeline\s+claims_pipeline\s+schedule\s+2025-03-14 09:30:00\s+19\.9s\s+2/4$", lines[10]);
        Assert.Equal("Recent failures", lines[12]);
        Assert.Matches(@"^20250314_080000\.000_nightly_export\s+nightly_export\s+failed\s+2025-03-14 08:00:00\s+12\.3s\s+1/3$", lines[14]);
        Assert.Matches(@"^20250313_220000\.000_nightly_export\s+nightly_export\s+timed_out\s+2025-03-13 22:00:00\s+1h\s+2/3$", lines[15]);
    }

    [Fact]
    public void Empty_lists_say_so()
    {
        var text = Text(TopSnapshot.Empty with { TakenAt = TopReplies.Now });

        Assert.Contains("DAGs\n(no DAGs)\n", text);
        Assert.Contains("Active runs\n(none)\n", text);
        Assert.Contains("Recent failures\n(none)\n", text);
    }
}
