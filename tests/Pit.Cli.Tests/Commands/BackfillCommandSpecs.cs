using System.Net;
using System.Text.Json.Nodes;
using Pit.Cli.Tests.Support;

namespace Pit.Cli.Tests.Commands;

/// <summary>
/// <c>pit backfill</c> on the real binary, in-process and through a real <c>pit serve</c>. Each run's
/// task writes <c>start &lt;logical time&gt;</c> and <c>end &lt;logical time&gt;</c> to <c>backfill.log</c> in
/// the workspace, so the specs see which occurrences ran, in which order, and how many at once.
/// </summary>
public sealed class BackfillCommandSpecs : IDisposable
{
    private const string From = "2025-01-01";
    private const string To = "2025-01-04T12:00";
    private static readonly string[] Occurrences = ["2025-01-01T06:00:00Z", "2025-01-02T06:00:00Z", "2025-01-03T06:00:00Z", "2025-01-04T06:00:00Z"];

    private readonly TempWorkspace _workspace = TempWorkspace.ForRuns();

    public BackfillCommandSpecs() => Daily("skip");

    public void Dispose() => _workspace.Dispose();

    /// <summary>DAG <c>daily</c> at 06:00 UTC; <paramref name="body"/> runs between its start and end lines (a run without a logical time logs <c>manual</c>).</summary>
    private void Daily(string overlap, string body = "")
    {
        _workspace.OneTaskDag("daily",
            "at=\"${PIT_LOGICAL_TIME:-manual}\"\n" +
            "echo \"start $at\" >> \"$PIT_WORKSPACE_DIR/backfill.log\"\n" +
            body +
            "echo \"end $at\" >> \"$PIT_WORKSPACE_DIR/backfill.log\"\n",
            $"schedule = \"0 6 * * *\"\ntimezone = \"UTC\"\noverlap = \"{overlap}\"");
    }

    private string[] Log() => File.Exists(_workspace.PathOf("backfill.log")) ? File.ReadAllLines(_workspace.PathOf("backfill.log")) : [];

    /// <summary>The most runs that were between their start and end lines at once.</summary>
    private int MostAtOnce()
    {
        int running = 0, most = 0;
        foreach (var line in Log())
        {
            running += line.StartsWith("start ", StringComparison.Ordinal) ? 1 : -1;
            most = Math.Max(most, running);
        }
        return most;
    }

    private IEnumerable<string> Started() => Log().Where(l => l.StartsWith("start ", StringComparison.Ordinal)).Select(l => l["start ".Length..]);

    [Fact]
    public void Dry_run_lists_exactly_the_occurrences_in_the_dags_time_zone_and_starts_nothing()
    {
        // Weekdays at 06:30 in New York, across the change to daylight-saving time (9 March 2025).
        _workspace.OneTaskDag("weekdays", "true\n", "schedule = \"30 6 * * 1-5\"\ntimezone = \"America/New_York\"");

        var result = _workspace.Pit("backfill", "weekdays", "--from", "2025-03-07", "--to", "2025-03-11T23:59", "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("backfill weekdays: 3 occurrences of \"30 6 * * 1-5\" (America/New_York) from 2025-03-07T05:00:00Z to 2025-03-12T03:59:00Z; dry run", lines[0]);
        Assert.Equal(["2025-03-07T11:30:00Z", "2025-03-10T10:30:00Z", "2025-03-11T10:30:00Z"], lines[1..]);
        Assert.Empty(_workspace.RunIds("weekdays"));
    }

    [Fact]
    public void Each_occurrence_runs_once_in_order_with_its_logical_time_and_overlap_skip_runs_them_one_at_a_time()
    {
        var result = _workspace.Pit("backfill", "daily", "--from", From, "--to", To, "--max-active", "3");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Occurrences, Started());
        Assert.Equal(1, MostAtOnce());
        Assert.Contains("one run at a time (overlap = skip)", result.Stdout);
        Assert.Contains("backfill daily: 4 succeeded, 0 failed, 0 not started", result.Stdout);
        var runs = _workspace.RunIds("daily");
        Assert.Equal(4, runs.Count);
        Assert.Contains("trigger backfill", _workspace.Pit("status", runs[0]).Stdout);
    }

    [Fact]
    public void Max_active_runs_that_many_at_once_with_overlap_allow()
    {
        // Each run waits until two have started (or a long while): the first two overlap for sure.
        Daily("allow",
            $"touch '{_workspace.Root}/started-'\"$PIT_RUN_ID\"\n" +
            $"for i in $(seq 400); do [ \"$(ls '{_workspace.Root}' | grep -c '^started-')\" -ge 2 ] && break; sleep 0.05; done\n");

        var result = _workspace.Pit("backfill", "daily", "--from", From, "--to", To, "--max-active", "2");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, MostAtOnce());
        Assert.Equal(Occurrences, Started().Order());
        Assert.Contains("up to 2 runs at a time (overlap = allow)", result.Stdout);
    }

    [Fact]
    public void A_failed_run_makes_it_exit_1_and_bad_input_is_refused()
    {
        Daily("skip", "[ \"$at\" = 2025-01-02T06:00:00Z ] && exit 3\n");
        _workspace.OneTaskDag("adhoc", "true\n");

        var failed = _workspace.Pit("backfill", "daily", "--from", From, "--to", To);
        var noSchedule = _workspace.Pit("backfill", "adhoc", "--from", From, "--to", To);
        var unknown = _workspace.Pit("backfill", "nope", "--from", From, "--to", To);
        var badTime = _workspace.Pit("backfill", "daily", "--from", "last week", "--to", To);
        var noTo = _workspace.Pit("backfill", "daily", "--from", From);

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("backfill daily: 3 succeeded, 1 failed, 0 not started", failed.Stdout);
        Assert.Equal(Occurrences, Started());
        Assert.Equal(1, noSchedule.ExitCode);
        Assert.Contains("DAG 'adhoc' has no schedule", noSchedule.Stderr);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown DAG 'nope'; known DAGs: adhoc, daily", unknown.Stderr);
        Assert.Equal(2, badTime.ExitCode);
        Assert.Contains("--from: 'last week' is not a time", badTime.Stderr);
        Assert.Equal(2, noTo.ExitCode);
        Assert.Contains("--to", noTo.Stderr);
        Assert.Empty(_workspace.RunIds("adhoc"));
    }

    [Theory]
    [InlineData("skip")]
    [InlineData("queue")]
    public void Through_pit_serve_a_backfill_waits_behind_an_active_run_and_drops_no_occurrence(string overlap)
    {
        Daily(overlap, $"[ \"$at\" = manual ] && while [ ! -e '{_workspace.PathOf("go")}' ]; do sleep 0.05; done\n");
        using var pit = new ServedPit(_workspace);
        var manual = pit.Post("/api/dags/daily/trigger").Json.GetProperty("run_id").GetString()!;
        pit.WaitForTaskRunning(manual, "work");
        var dryRun = _workspace.Pit("ctl", "--json", "dag", "backfill", "daily", "--from", From, "--to", To, "--dry-run");

        using var backfill = _workspace.StartPit("backfill", "daily", "--from", From, "--to", To);
        Poll.Until(() => backfill.StdoutSoFar.Contains("2025-01-01T06:00:00Z  waits in line (position 1)", StringComparison.Ordinal) || backfill.HasExited,
            "the backfill's first occurrence to wait behind the manual run",
            state: () => $"pit backfill's stdout:\n{backfill.StdoutSoFar}\nits stderr:\n{backfill.StderrSoFar}\n{pit.Output()}");
        Assert.Equal(["manual"], Started());
        _workspace.Write("go", "");
        var result = backfill.WaitForExit();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["manual", .. Occurrences], Started());
        Assert.Equal(1, MostAtOnce());
        Assert.Contains($"one run at a time (overlap = {overlap})", result.Stdout);
        Assert.Contains("backfill daily: 4 succeeded, 0 failed, 0 not started", result.Stdout);
        var plan = JsonNode.Parse(dryRun.Stdout.Split('\n')[0])!;
        Assert.Equal(Occurrences, plan["occurrences"]!.AsArray().Select(o => ControlChannel.Text(o)));
        Assert.Equal(5, _workspace.RunIds("daily").Count);
        var last = pit.Get($"/api/runs/{_workspace.RunIds("daily")[^1]}");
        Assert.Equal(HttpStatusCode.OK, last.Status);
        Assert.Equal("backfill", last.Json.GetProperty("trigger").GetString());
        Assert.Equal(new DateTime(2025, 1, 4, 6, 0, 0, DateTimeKind.Utc), last.Json.GetProperty("logical_time").GetDateTime());
    }
}
