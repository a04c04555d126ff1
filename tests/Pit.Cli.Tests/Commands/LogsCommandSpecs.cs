using System.Text.RegularExpressions;
using Pit.Cli.Tests.Support;

namespace Pit.Cli.Tests.Commands;

/// <summary>
/// A workspace where <c>etl</c> (extract → load) ran twice: first extract failed (load never ran),
/// then both succeeded; <c>quiet</c> never ran. Shared by the read-only <c>pit logs</c> specs.
/// </summary>
public sealed class TwoRunsOfEtl : IDisposable
{
    public TwoRunsOfEtl()
    {
        Workspace.Write("projects/etl/pit.toml", """
            [dag]

            [[tasks]]
            name = "extract"
            script = "extract.sh"

            [[tasks]]
            name = "load"
            script = "load.sh"
            depends_on = ["extract"]
            """);
        Workspace.Write("projects/etl/extract.sh", "echo \"extract of $PIT_RUN_ID broke\"\nexit 4\n");
        Workspace.Write("projects/etl/load.sh", "echo \"load of $PIT_RUN_ID\"\n");
        Workspace.Write("projects/quiet/pit.toml", """
            [dag]

            [[tasks]]
            name = "noop"
            script = "noop.sh"
            """);
        Workspace.Write("projects/quiet/noop.sh", "true\n");

        var first = Workspace.Pit("run", "etl");
        if (first.ExitCode != 1) throw new InvalidOperationException("the first etl run should fail: " + first);
        FailedRun = Workspace.OnlyRunId("etl");

        Workspace.Write("projects/etl/extract.sh", "echo \"extract of $PIT_RUN_ID worked\"\n");
        var second = Workspace.Pit("run", "etl");
        if (second.ExitCode != 0) throw new InvalidOperationException("the second etl run should succeed: " + second);
        SucceededRun = Workspace.RunIds("etl").Single(id => id != FailedRun);
    }

    public TempWorkspace Workspace { get; } = TempWorkspace.ForRuns();

    public string FailedRun { get; }

    public string SucceededRun { get; }

    public void Dispose() => Workspace.Dispose();
}

public sealed class LogsCommandSpecs(TwoRunsOfEtl runs) : IClassFixture<TwoRunsOfEtl>
{
    private readonly TempWorkspace _workspace = runs.Workspace;

    [Fact]
    public void Dag_prints_every_task_log_of_the_latest_run()
    {
        var result = _workspace.Pit("logs", "etl");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"== extract (success) — {runs.SucceededRun} ==", result.Stdout);
        Assert.Contains($"== load (success) — {runs.SucceededRun} ==", result.Stdout);
        Assert.Contains($"extract of {runs.SucceededRun} worked", result.Stdout);
        Assert.Contains($"load of {runs.SucceededRun}", result.Stdout);
        Assert.Contains($"=== attempt 1 of task load (run {runs.SucceededRun}) started", result.Stdout);
        Assert.DoesNotContain(runs.FailedRun, result.Stdout);
        Assert.True(result.Stdout.IndexOf("== extract", StringComparison.Ordinal) < result.Stdout.IndexOf("== load", StringComparison.Ordinal),
            "tasks in DAG order");
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Dag_slash_task_prints_only_that_tasks_log()
    {
        var result = _workspace.Pit("logs", "etl/load");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"load of {runs.SucceededRun}", result.Stdout);
        Assert.DoesNotContain("extract of", result.Stdout);
    }

    [Fact]
    public void List_shows_every_run_newest_first_with_state_start_and_duration()
    {
        var result = _workspace.Pit("logs", "etl", "--list");

        Assert.True(result.ExitCode == 0, result.ToString());
        var table = PrintedTable.Find(result.Stdout, "RUN");
        Assert.Equal([runs.SucceededRun, runs.FailedRun], table.Keys);
        Assert.Equal("success", table.Row(runs.SucceededRun)["STATE"]);
        Assert.Equal("failed", table.Row(runs.FailedRun)["STATE"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", table.Row(runs.FailedRun)["STARTED"]);
        Assert.Matches(@"^\d+(\.\d)?s$|^\d+m", table.Row(runs.FailedRun)["DURATION"]);
        Assert.Equal("manual", table.Row(runs.FailedRun)["TRIGGER"]);
    }

    [Fact]
    public void List_of_a_dag_that_never_ran_says_so()
    {
        var result = _workspace.Pit("logs", "quiet", "--list");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("quiet has not run yet", result.Stdout);
    }

    [Fact]
    public void Run_id_shows_that_run_instead_of_the_latest()
    {
        var result = _workspace.Pit("logs", "etl", "--run-id", runs.FailedRun);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"== extract (failed) — {runs.FailedRun} ==", result.Stdout);
        Assert.Contains($"extract of {runs.FailedRun} broke", result.Stdout);
        Assert.Contains("failed with exit code 4", result.Stdout);
        Assert.Contains($"== load (upstream_failed) — {runs.FailedRun} ==", result.Stdout);
        Assert.Contains("(no log: the task did not run)", result.Stdout);
        Assert.DoesNotContain(runs.SucceededRun, result.Stdout);
    }

    [Fact]
    public void Run_id_not_in_the_history_is_an_error()
    {
        var result = _workspace.Pit("logs", "etl", "--run-id", "20200101_000000.000_etl");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("no run '20200101_000000.000_etl'", result.Stderr);
    }

    [Fact]
    public void Follow_on_a_finished_run_prints_the_log_and_exits()
    {
        var result = _workspace.Pit("logs", "etl/extract", "-f");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"extract of {runs.SucceededRun} worked", result.Stdout);
        Assert.Contains("=== attempt 1 of task extract succeeded", result.Stdout);
    }

    [Fact]
    public void Follow_of_a_whole_dag_prefixes_each_line_with_its_task()
    {
        var result = _workspace.Pit("logs", "etl", "--follow", "--run-id", runs.SucceededRun);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"[extract] extract of {runs.SucceededRun} worked", result.Stdout);
        Assert.Contains($"[load] load of {runs.SucceededRun}", result.Stdout);
    }

    [Fact]
    public void Unknown_dag_is_a_usage_error_listing_the_known_dags()
    {
        var result = _workspace.Pit("logs", "nope");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("unknown DAG 'nope'", result.Stderr);
        Assert.Contains("etl, quiet", result.Stderr);
    }

    [Fact]
    public void Unknown_task_is_a_usage_error_listing_the_runs_tasks()
    {
        var result = _workspace.Pit("logs", "etl/transform");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("no task 'transform'", result.Stderr);
        Assert.Contains("extract, load", result.Stderr);
    }

    [Fact]
    public void Logs_of_a_dag_that_never_ran_is_an_error()
    {
        var result = _workspace.Pit("logs", "quiet");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("quiet has not run yet", result.Stderr);
    }
}

/// <summary><c>pit logs -f</c> while the task runs: prints what is there, then what is appended, until the run ends.</summary>
public sealed class LogsFollowSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = TempWorkspace.ForRuns();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Follow_prints_a_running_tasks_lines_as_they_come_and_exits_when_the_run_ends()
    {
        _workspace.Write("projects/live/pit.toml", """
            [dag]

            [[tasks]]
            name = "stream"
            script = "stream.sh"
            """);
        // The task waits for the test to drop a release file in its data folder before its last line.
        _workspace.Write("projects/live/stream.sh", """
            echo "before release"
            for i in $(seq 1200); do
              if [ -f "$PIT_DATA_DIR/release" ]; then echo "after release"; exit 0; fi
              sleep 0.1
            done
            echo "never released"
            exit 1
            """);

        using var run = _workspace.StartPit("run", "live");
        Poll.Until(() => _workspace.RunIds("live").Count == 1
                         && Poll.FileContains(_workspace.RunPath(_workspace.RunIds("live")[0], "logs", "stream.log"), "before release"),
            "the stream task to print its first line");
        var id = _workspace.OnlyRunId("live");

        using var follow = _workspace.StartPit("logs", "live/stream", "-f");
        Poll.Until(() => follow.StdoutSoFar.Contains("before release", StringComparison.Ordinal), "pit logs -f to print the first line");
        Assert.DoesNotContain("after release", follow.StdoutSoFar);
        File.WriteAllText(_workspace.RunPath(id, "data", "release"), "");

        var followed = follow.WaitForExit();
        var ran = run.WaitForExit();

        Assert.True(ran.ExitCode == 0, ran.ToString());
        Assert.True(followed.ExitCode == 0, followed.ToString());
        Assert.Contains("after release", followed.Stdout);
        Assert.Contains("=== attempt 1 of task stream succeeded", followed.Stdout);
        Assert.Single(Regex.Matches(followed.Stdout, "before release"));
    }
}
