using Pit.Cli.Top;
using Xunit.Abstractions;

namespace Pit.Cli.Tests.Top;

/// <summary>One frame of <c>pit top</c> in a fixed-size terminal, read as text.</summary>
public sealed class TopRendererSpecs(ITestOutputHelper output)
{
    private static readonly TopRenderer Renderer = new(new TopFormat(TimeZoneInfo.Utc));

    private string Frame(TopView view, TopLog log, int width = 120, int height = 40, string? problem = null)
    {
        var snapshot = TopReplies.Snapshot();
        var content = new TopContent(snapshot, view.Reconcile(snapshot), log, "/srv/pit/.pit/control.sock", problem, TopReplies.Now);
        var text = TopFrame.Text(Renderer.Render(content, width, height), width, height);
        output.WriteLine(text);
        return text;
    }

    [Fact]
    public void A_frame_shows_the_dags_the_runs_the_selected_runs_tasks_and_its_log()
    {
        var log = new TopLog(TopReplies.ActiveRun, ["extract | read 120 rows", "load_claims | loading batch 3"]);
        var text = Frame(TopView.Start, log);

        Assert.Contains("2025-03-14 10:00:00", text);
        Assert.Contains("nightly_export", text);
        Assert.Contains("load_claims", text);
        Assert.Contains("loading batch 3", text);
    }
}
