using Pit.Cli.Tests.Support;

namespace Pit.Cli.Tests.Commands;

/// <summary>
/// A workspace where <c>good</c> succeeded twice, <c>bad</c> failed once (fetch exits 5 after a
/// retry, so publish is upstream_failed) and <c>idle</c> never ran. Shared by the read-only <c>pit status</c> specs.
/// </summary>
public sealed class GoodBadAndIdleDags : IDisposable
{
    public GoodBadAndIdleDags()
    {
        Workspace.Write("projects/good/pit.toml", """
            [dag]

            [[tasks]]
            name = "hello"
            script = "hello.sh"
            """);
        Workspace.Write("projects/good/hello.sh", "echo hello\n");
        Workspace.Write("projects/bad/pit.toml", """
            [dag]

            [[tasks]]
            name = "fetch"
            script = "fetch.sh"
            retries = 1
            retry_delay = "0s"

            [[tasks]]
            name = "publish"
            script = "publish.sh"
            depends_on = ["fetch"]

            [[tasks]]
            name = "tidy"
            script = "publish.sh"
            """);
        Workspace.Write("projects/bad/fetch.sh", "echo 'no route to host' >&2\nexit 5\n");
        Workspace.Write("projects/bad/publish.sh", "echo published\n");
        Workspace.Write("projects/idle/pit.toml", """
            [dag]

            [[tasks]]
            name = "noop"
            script = "noop.sh"
            """);
        Workspace.Write("projects/idle/noop.sh", "true\n");

        foreach (var (dag, exit) in new[] { ("good", 0), ("good", 0), ("bad", 1) })
        {
            var result = Workspace.Pit("run", dag);
            if (result.ExitCode != exit) throw new InvalidOperationException($"pit run {dag} should exit {exit}: {result}");
        }
        GoodRuns = Workspace.RunIds("good");
        BadRun = Workspace.OnlyRunId("bad");
    }

    public TempWorkspace Workspace { get; } = TempWorkspace.ForRuns();

    public IReadOnlyList<string> GoodRuns { get; }

    public string BadRun { get; }

    public void Dispose() => Workspace.Dispose();
}

public sealed class StatusCommandSpecs(GoodBadAndIdleDags dags) : IClassFixture<GoodBadAndIdleDags>
{
    private readonly TempWorkspace _workspace = dags.Workspace;

    [Fact]
    public void Status_lists_every_dag_with_its_last_run_and_recent_record_including_one_that_never_ran()
    {
        var result = _workspace.Pit("status");

        Assert.True(result.ExitCode == 0, result.ToString());
        var table = PrintedTable.Find(result.Stdout, "DAG");
        Assert.Equal(["bad", "good", "idle"], table.Keys.Order());

        var good = table.Row("good");
        Assert.Equal(dags.GoodRuns[^1], good["LAST RUN"]);
        Assert.Equal("success", good["STATE"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", good["STARTED"]);
        Assert.NotEqual("", good["DURATION"]);
        Assert.Equal("2", good["RECENT OK"]);
        Assert.Equal("0", good["RECENT FAILED"]);

        var bad = table.Row("bad");
        Assert.Equal(dags.BadRun, bad["LAST RUN"]);
        Assert.Equal("failed", bad["STATE"]);
        Assert.Equal("0", bad["RECENT OK"]);
        Assert.Equal("1", bad["RECENT FAILED"]);

        Assert.Equal("never run", table.Row("idle")["LAST RUN"]);
        Assert.Equal("", table.Row("idle")["STATE"]);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Status_of_one_dag_shows_only_that_dag()
    {
        var result = _workspace.Pit("status", "bad");

        Assert.True(result.ExitCode == 0, result.ToString());
        var table = PrintedTable.Find(result.Stdout, "DAG");
        Assert.Equal(["bad"], table.Keys);
        Assert.Equal("failed", table.Row("bad")["STATE"]);
    }

    [Fact]
    public void Status_of_a_dag_that_never_ran_says_never_run()
    {
        var result = _workspace.Pit("status", "idle");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("never run", PrintedTable.Find(result.Stdout, "DAG").Row("idle")["LAST RUN"]);
    }

    [Fact]
    public void Status_of_a_run_shows_every_task_with_state_attempts_duration_exit_code_and_reason()
    {
        var result = _workspace.Pit("status", dags.BadRun);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"run {dags.BadRun}", result.Stdout);
        Assert.Contains("dag bad", result.Stdout);
        Assert.Contains("trigger manual", result.Stdout);
        Assert.Contains("state failed", result.Stdout);

        var tasks = PrintedTable.Find(result.Stdout, "task");
        Assert.Equal(["fetch", "publish", "tidy"], tasks.Keys);
        var fetch = tasks.Row("fetch");
        Assert.Equal("failed", fetch["state"]);
        Assert.Equal("2", fetch["attempts"]);
        Assert.Matches(@"^\d+\.\ds$", fetch["duration"]);
        Assert.Equal("5", fetch["exit"]);
        Assert.Contains("exit code 5", fetch["reason"]);

        var publish = tasks.Row("publish");
        Assert.Equal("upstream_failed", publish["state"]);
        Assert.Equal("0", publish["attempts"]);
        Assert.Contains("fetch", publish["reason"]);

        var tidy = tasks.Row("tidy");
        Assert.Equal("success", tidy["state"]);
        Assert.Equal("1", tidy["attempts"]);
        Assert.Matches(@"^\d+\.\ds$", tidy["duration"]);
    }

    [Fact]
    public void Status_of_a_run_shows_exit_code_0_for_a_task_that_succeeded()
    {
        // `pit run` prints exit 0 for a succeeded task; `pit status <run-id>` should show the same run the same way.
        var result = _workspace.Pit("status", dags.GoodRuns[0]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var hello = PrintedTable.Find(result.Stdout, "task").Row("hello");
        Assert.Equal("success", hello["state"]);
        Assert.Equal("0", hello["exit"]);
    }

    [Fact]
    public void Unknown_dag_is_a_usage_error_listing_the_known_dags()
    {
        var result = _workspace.Pit("status", "nope");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("unknown DAG 'nope'", result.Stderr);
        Assert.Contains("bad, good, idle", result.Stderr);
    }

    [Fact]
    public void Run_id_not_in_the_history_is_an_error()
    {
        var result = _workspace.Pit("status", "20200101_000000.000_good");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("no run '20200101_000000.000_good'", result.Stderr);
    }
}
