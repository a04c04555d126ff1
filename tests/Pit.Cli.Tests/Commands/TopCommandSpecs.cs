using System.Globalization;
using System.Net;
using Pit.Cli.Tests.Support;
using static Pit.Cli.Tests.Support.PtyTop;

namespace Pit.Cli.Tests.Commands;

/// <summary>
/// <c>pit top</c> on the real binary against a real <c>pit serve</c> on a temp workspace: the plain
/// snapshot when stdout is not a terminal, no service (exit 3), a bad option. The live view's specs
/// are <see cref="Top.TopScreenSpecs"/>.
/// </summary>
public sealed class TopCommandSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = TempWorkspace.ForRuns();

    public void Dispose() => _workspace.Dispose();

    /// <summary>
    /// <c>reports</c>: fires on New Year only; <c>extract</c> prints a numbered line every 0.2 s until
    /// the test creates <c>release</c>, then <c>publish</c> runs.
    /// </summary>
    private void ReportsDag()
    {
        _workspace.Write("projects/reports/pit.toml", """
            [dag]
            schedule = "0 0 1 1 *"

            [[tasks]]
            name = "extract"
            script = "tasks/extract.sh"

            [[tasks]]
            name = "publish"
            script = "tasks/publish.sh"
            depends_on = ["extract"]
            """);
        _workspace.Write("projects/reports/tasks/extract.sh",
            $"i=0\nwhile [ ! -e '{_workspace.PathOf("release")}' ]; do i=$((i+1)); echo \"extract line $i\"; sleep 0.2; done\n");
        _workspace.Write("projects/reports/tasks/publish.sh", "echo published\n");
    }

    private static string RunIdOf(ApiReply reply)
    {
        Assert.True(reply.Status == HttpStatusCode.Accepted, reply.ToString());
        return reply.Json.GetProperty("run_id").GetString()!;
    }

    /// <summary>The DAG's next fire as pit top prints it: in local time.</summary>
    private static string NextFireOf(ServedPit pit, string dag) =>
        pit.Get($"/api/dags/{dag}").Json.GetProperty("next_fire").GetDateTime().ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    [Fact]
    public void Not_on_a_terminal_top_prints_one_plain_snapshot_of_the_dags_active_runs_and_recent_failures_and_exits_0()
    {
        ReportsDag();
        _workspace.OneTaskDag("broken", "echo failing\nexit 3\n");
        using var pit = new ServedPit(_workspace);
        var failed = RunIdOf(pit.Post("/api/dags/broken/trigger"));
        pit.WaitForRun(failed, "failed");
        var active = RunIdOf(pit.Post("/api/dags/reports/trigger"));
        pit.WaitForTaskRunning(active, "extract");

        var result = _workspace.Pit("top");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n');
        Assert.Matches($@"^reports\s+0 0 1 1 \*\s+{NextFireOf(pit, "reports")}\s+no\s+1\s+0\s", Assert.Single(lines, l => l.StartsWith("reports ", StringComparison.Ordinal)));
        var activeIndex = Array.IndexOf(lines, "Active runs");
        var failuresIndex = Array.IndexOf(lines, "Recent failures");
        Assert.True(activeIndex > 0 && failuresIndex > activeIndex, result.ToString());
        Assert.Contains(lines[activeIndex..failuresIndex], l => l.StartsWith(active, StringComparison.Ordinal) && l.Contains("reports", StringComparison.Ordinal));
        Assert.Contains(lines[failuresIndex..], l => l.StartsWith(failed, StringComparison.Ordinal) && l.Contains("failed", StringComparison.Ordinal));
        Assert.DoesNotContain("\u001b[", result.Stdout);
        _workspace.Write("release", "");
        pit.WaitForRun(active, "success");
    }

    [Fact]
    public void Without_a_service_top_says_where_it_looked_and_exits_3()
    {
        var result = _workspace.Pit("top");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"no pit serve answers at {Path.Combine(_workspace.Root, ".pit", "control.sock")}", result.Stderr);
        Assert.Contains("is pit serve running in this workspace?", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void On_a_terminal_without_a_service_top_exits_3_before_taking_the_screen()
    {
        var result = PtyTop.Run(_workspace.Root, [Exit()], "top");

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("no pit serve answers at", result.Stderr);
        Assert.DoesNotContain("DAGs", result.Screen);
    }

    [Fact]
    public void A_bad_interval_is_a_usage_error_naming_the_option()
    {
        var result = _workspace.Pit("top", "--interval", "soon");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--interval takes a duration above zero such as 1s or 500ms, got 'soon'", result.Stderr);
    }
}
