using System.Text.Json.Nodes;
using Pit.Cli.Top;
using Xunit.Abstractions;

namespace Pit.Cli.Tests.Top;

/// <summary>One frame of <c>pit top</c> in a fixed-size terminal, read as text.</summary>
public sealed class TopRendererSpecs(ITestOutputHelper output)
{
    private static readonly TopRenderer Renderer = new(new TopFormat(TimeZoneInfo.Utc));
    private static readonly TopLog Log = new(TopReplies.ActiveRun, ["extract | read 120 rows", "load_claims | loading batch 3"]);

    private string[] Frame(TopView view, TopLog log, TopSnapshot? snapshot = null, int width = 120, int height = 40, string? problem = null)
    {
        snapshot ??= TopReplies.Snapshot();
        var content = new TopContent(snapshot, view.Reconcile(snapshot), log, "/srv/pit/.pit/control.sock", problem, TopReplies.Now);
        var text = TopFrame.Text(Renderer.Render(content, width, height), width, height);
        output.WriteLine(text);
        return text.Split('\n');
    }

    private static string LineWith(string[] frame, string text) => Assert.Single(frame, l => l.Contains(text, StringComparison.Ordinal));

    [Fact]
    public void A_frame_fills_the_terminal_exactly()
    {
        var frame = Frame(TopView.Start, Log);

        Assert.Equal(40, frame.Length);
        Assert.All(frame, line => Assert.True(line.Length <= 120, line));
        Assert.StartsWith("pit top · /srv/pit/.pit/control.sock · 3 DAGs · 1 active · 2 recent failures · 09:30:20", frame[0]);
        Assert.EndsWith("q quit", frame[^1]);
    }

    [Fact]
    public void Each_dag_shows_its_schedule_next_fire_runs_and_last_state_and_a_paused_one_says_paused()
    {
        var frame = Frame(TopView.Start, Log);

        Assert.Matches(@"│ › claims_pipeline\s+\*/30 \* \* \* \*\s+2025-03-14 10:00:00\s+1\s+2\s+running\s+20250314_093000\.125_claims_pipeline\s+│", LineWith(frame, "claims_pipeline */30"));
        Assert.Matches(@"│   nightly_export\s+0 2 \* \* \*\s+paused\s+0\s+0\s+failed", LineWith(frame, "nightly_export  "));
        Assert.Matches(@"│   adhoc\s+-\s+-\s+0\s+0\s+-\s+-\s+│", LineWith(frame, "adhoc"));
    }

    [Fact]
    public void The_active_run_shows_its_elapsed_time_and_progress_and_the_selected_run_its_tasks()
    {
        var frame = Frame(TopView.Start, Log);

        Assert.Matches(@"│ › 20250314_093000\.125_claims_pipeline\s+19\.9s\s+████░░░░ 2/4", LineWith(frame, "████░░░░ 2/4"));
        Assert.Contains("running · 19.9s · 2/4 tasks done", LineWith(frame, "tasks done"));
        Assert.Matches(@"│ validate\s+success\s+2\s+1\.3s\s+0\s+│", LineWith(frame, "validate"));
        Assert.Matches(@"│ load_claims\s+running\s+1\s+-\s+│", LineWith(frame, "load_claims running"));
        Assert.Matches(@"│   20250313_220000\.000_nightly_export\s+timed_out\s+1h", LineWith(frame, "timed_out"));
    }

    [Fact]
    public void The_log_pane_shows_the_selected_runs_latest_lines_under_its_id()
    {
        var many = new TopLog(TopReplies.ActiveRun, Enumerable.Range(1, 30).Select(i => $"extract | line {i}").ToList());

        var frame = Frame(TopView.Start, many);

        Assert.Contains($"Log · {TopReplies.ActiveRun}", LineWith(frame, "Log ·"));
        Assert.Contains("extract | line 30", LineWith(frame, "line 30"));
        Assert.DoesNotContain(frame, l => l.Contains("line 1 ", StringComparison.Ordinal) || l.EndsWith("line 1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_log_line_too_long_for_the_pane_stays_on_one_line_and_ends_in_an_ellipsis()
    {
        var log = new TopLog(TopReplies.ActiveRun, ["extract | " + string.Join(' ', Enumerable.Repeat("word", 40)), "extract | next"]);

        var frame = Frame(TopView.Start, log);

        var line = LineWith(frame, "extract | word");
        Assert.Matches(@"^│ extract \| (word ){20,}w?o?r?d?…\s*│$", line);
        Assert.Contains("extract | next", frame[Array.IndexOf(frame, line) + 1]);
    }

    [Fact]
    public void A_long_dag_list_scrolls_to_keep_the_selected_dag_in_view()
    {
        var dags = new JsonArray(Enumerable.Range(1, 30).Select(i => (JsonNode?)new JsonObject { ["dag"] = $"dag_{i:00}", ["paused"] = false }).ToArray());
        var snapshot = TopSnapshot.Of(dags, null, new JsonArray(), TopReplies.Now);

        var frame = Frame(TopView.Start with { SelectedDag = "dag_25" }, TopLog.None, snapshot);

        Assert.Contains("› dag_25", LineWith(frame, "dag_25"));
        Assert.DoesNotContain(frame, l => l.Contains("dag_01", StringComparison.Ordinal));
    }

    [Fact]
    public void The_status_line_shows_the_last_message_or_the_problem_with_the_service()
    {
        var status = Frame(TopView.Start.WithStatus("paused nightly_export"), Log)[^1];
        var problem = Frame(TopView.Start.WithStatus("paused nightly_export"), Log, problem: "no pit serve answers at /srv/pit/.pit/control.sock")[^1];

        Assert.StartsWith("paused nightly_export", status);
        Assert.StartsWith("no pit serve answers at /srv/pit/.pit/control.sock", problem);
    }

    [Fact]
    public void Without_a_selected_run_its_panes_say_what_to_do()
    {
        var frame = Frame(TopView.Start, TopLog.None, TopSnapshot.Of(TopReplies.DagLs(), null, new JsonArray(), TopReplies.Now));

        Assert.Contains("(no run selected)", LineWith(frame, "(no run selected)"));
        Assert.Contains("(select a run to follow its output)", LineWith(frame, "follow its output"));
        Assert.Equal(2, frame.Count(l => l.Contains("(none)", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_small_terminal_still_gets_a_frame_of_its_size()
    {
        var frame = Frame(TopView.Start, Log, width: 60, height: 16);

        Assert.Equal(16, frame.Length);
        Assert.All(frame, line => Assert.True(line.Length <= 60, line));
        Assert.Contains(frame, l => l.Contains("claims_pipeline", StringComparison.Ordinal));
    }
}
