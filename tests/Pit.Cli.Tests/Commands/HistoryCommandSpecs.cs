using System.Net;
using System.Text.Json;
using Pit.Cli.Tests.Support;

namespace Pit.Cli.Tests.Commands;

/// <summary>
/// <c>pit history</c> on the real binary: a run's timeline with a retry, a skip, a secret access
/// (its key, never its value) and a context set; unknown names; <c>--follow</c>; <c>--rebuild</c>;
/// and the CLI reading the read models while <c>pit serve</c> writes the journal.
/// </summary>
public sealed class HistoryCommandSpecs : IDisposable
{
    private const string SecretValue = "hunter2-history-secret";

    private readonly TempWorkspace _workspace = TempWorkspace.ForRuns("secrets_dir = \"secrets.toml\"");

    public HistoryCommandSpecs()
    {
        _workspace.Write("secrets.toml", $"""
            [claims]
            claims_db = "{SecretValue}"
            """);
        _workspace.Write("projects/claims/pit.toml", """
            [dag]
            name = "claims"

            [[tasks]]
            name = "flaky"
            script = "tasks/flaky.sh"
            retries = 1
            retry_delay = "1s"

            [[tasks]]
            name = "ask"
            script = "tasks/ask.py"
            depends_on = ["flaky"]

            [[tasks]]
            name = "alert"
            script = "tasks/alert.sh"
            depends_on = ["flaky"]
            condition = "one_failed"
            """);
        // Fails its first attempt with exit 3, succeeds the second (the run's data folder remembers).
        _workspace.Write("projects/claims/tasks/flaky.sh", """
            if [ -e "$PIT_DATA_DIR/tried" ]; then echo second; exit 0; fi
            touch "$PIT_DATA_DIR/tried"
            exit 3
            """);
        _workspace.Write("projects/claims/tasks/ask.py", """
            from pit_sdk import get_secret, set_context
            print("length:", len(get_secret("claims_db")))
            set_context("rows", {"count": 7})
            """);
        _workspace.Write("projects/claims/tasks/alert.sh", "echo alert\n");
    }

    public void Dispose() => _workspace.Dispose();

    private string RunClaims()
    {
        var before = _workspace.RunIds("claims");
        var run = _workspace.Pit("run", "claims");
        Assert.True(run.ExitCode == 0, run.ToString());
        return _workspace.RunIds("claims").Except(before).Single();
    }

    [Fact]
    public void A_runs_timeline_shows_the_trigger_each_attempt_the_retry_the_skip_and_the_secret_key_but_never_its_value()
    {
        var id = RunClaims();

        var history = _workspace.Pit("history", id);

        Assert.True(history.ExitCode == 0, history.ToString());
        var lines = history.Stdout.Split('\n');
        Assert.StartsWith("TIME (UTC)", lines[0]);
        Assert.Contains(lines, l => l.Contains("triggered", StringComparison.Ordinal) && l.Contains("by manual", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("flaky", StringComparison.Ordinal) && l.Contains("failed", StringComparison.Ordinal) && l.Contains("attempt 1, exit 3, took", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("flaky", StringComparison.Ordinal) && l.Contains("retry", StringComparison.Ordinal) && l.Contains("attempt 2 in 1.0s", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("flaky", StringComparison.Ordinal) && l.Contains("succeeded", StringComparison.Ordinal) && l.Contains("attempt 2, took", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("alert", StringComparison.Ordinal) && l.Contains("skipped", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("ask", StringComparison.Ordinal) && l.Contains("secret", StringComparison.Ordinal) && l.Contains("key claims_db (found)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("ask", StringComparison.Ordinal) && l.Contains("context", StringComparison.Ordinal) && l.Contains("rows = {", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("finished", StringComparison.Ordinal) && l.Contains("success in", StringComparison.Ordinal));

        var json = _workspace.Pit("history", "claims", "--since", "1h", "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        var events = json.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(events.Select(e => e.GetProperty("offset").GetInt64()).Order(), events.Select(e => e.GetProperty("offset").GetInt64()));
        var secret = Assert.Single(events, e => e.GetProperty("event").GetString() == "secret_accessed");
        Assert.Equal(("ask", "claims_db", true), (secret.GetProperty("task").GetString(), secret.GetProperty("key").GetString(), secret.GetProperty("found").GetBoolean()));
        Assert.Equal(2, events.Count(e => e.GetProperty("event").GetString() == "task_started" && e.GetProperty("task").GetString() == "flaky"));
        Assert.Equal("flaky", Assert.Single(events, e => e.GetProperty("event").GetString() == "task_retry_scheduled").GetProperty("task").GetString());

        var onlyFlaky = _workspace.Pit("history", id, "--task", "flaky", "--json");
        Assert.All(onlyFlaky.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            l => Assert.Equal("flaky", JsonDocument.Parse(l).RootElement.GetProperty("task").GetString()));
        var long_ago = _workspace.Pit("history", "claims", "--until", "2020-01-01");
        Assert.Contains("no events of claims", long_ago.Stdout);

        foreach (var output in new[] { history, json, onlyFlaky })
            Assert.DoesNotContain(SecretValue, output.Stdout + output.Stderr);
    }

    [Fact]
    public void An_unknown_dag_or_run_is_a_usage_error_naming_the_known_ones()
    {
        var id = RunClaims();

        var dag = _workspace.Pit("history", "billing");
        var run = _workspace.Pit("history", "20200101_000000.000_claims");
        var task = _workspace.Pit("history", id, "--task", "nope");
        var since = _workspace.Pit("history", "--since", "yesterday");

        Assert.Equal((2, "error: unknown DAG 'billing'; known DAGs: claims"), (dag.ExitCode, dag.Stderr.Trim()));
        Assert.Equal((2, $"error: no run '20200101_000000.000_claims' in the run history; latest runs of claims: {id}"), (run.ExitCode, run.Stderr.Trim()));
        Assert.Equal((2, $"error: run {id} has no task 'nope'; its tasks: flaky, ask, alert"), (task.ExitCode, task.Stderr.Trim()));
        Assert.Equal(2, since.ExitCode);
        Assert.Contains("--since: 'yesterday'", since.Stderr);
    }

    [Fact]
    public void Follow_prints_the_events_of_a_run_that_starts_after_it()
    {
        var first = RunClaims();
        using var follow = _workspace.StartPit("history", "claims", "--follow", "--json");
        Poll.Until(() => follow.StdoutSoFar.Contains(first, StringComparison.Ordinal) || follow.HasExited, "the follow to print the first run");

        var second = RunClaims();

        Poll.Until(() => follow.StdoutSoFar.Contains($"\"run_id\":\"{second}\",\"dag\":\"claims\",\"task\":null,\"event\":\"run_finished\"", StringComparison.Ordinal) || follow.HasExited,
            "the follow to print the second run's end");
        follow.Interrupt();
        var result = follow.WaitForExit();
        Assert.True(result.ExitCode == 0, result.ToString());
        var created = result.Stdout.Split('\n').Count(l => l.Contains("\"event\":\"run_created\"", StringComparison.Ordinal));
        Assert.Equal(2, created);
    }

    [Fact]
    public void A_rebuild_replays_the_journal_and_leaves_the_same_timeline()
    {
        var id = RunClaims();
        var before = _workspace.Pit("history", id, "--json");

        var rebuild = _workspace.Pit("history", "--rebuild");

        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.Matches(@"^rebuilt the read models from \d+ journal event\(s\) in \d+\.\d{3}s \(\d+ events/s\)$", rebuild.Stdout.Trim());
        Assert.Equal(before.Stdout, _workspace.Pit("history", id, "--json").Stdout);
        Assert.Equal(2, _workspace.Pit("history", "--rebuild", "claims").ExitCode);
    }

    [Fact]
    public void The_cli_reads_history_and_status_while_pit_serve_writes_the_journal()
    {
        var release = _workspace.PathOf("release");
        _workspace.Write("projects/slow/pit.toml", """
            [dag]
            name = "slow"

            [[tasks]]
            name = "wait"
            script = "tasks/wait.sh"
            """);
        _workspace.Write("projects/slow/tasks/wait.sh", $"while [ ! -e '{release}' ]; do sleep 0.05; done\necho released\n");
        using var pit = new ServedPit(_workspace);
        var trigger = pit.Post("/api/dags/slow/trigger");
        Assert.True(trigger.Status == HttpStatusCode.Accepted, trigger.ToString());
        var id = trigger.Json.GetProperty("run_id").GetString()!;
        pit.WaitForTaskRunning(id, "wait");

        var running = _workspace.Pit("history", id, "--json");
        var status = _workspace.Pit("status", id);
        Assert.Contains("\"event\":\"task_started\"", running.Stdout);
        Assert.DoesNotContain("run_finished", running.Stdout);
        Assert.Contains("state running", status.Stdout);

        _workspace.Write("release", "");
        pit.WaitForRun(id, "success");
        Poll.Until(() => _workspace.Pit("history", id, "--json").Stdout.Contains("\"event\":\"run_finished\",\"state\":\"success\"", StringComparison.Ordinal),
            "the CLI to see the run's end");
        Assert.Contains("state success", _workspace.Pit("status", id).Stdout);
        var runs = pit.Get("/api/runs?dag=slow");
        Assert.Equal(id, runs.Json.GetProperty("runs")[0].GetProperty("run_id").GetString());
    }
}
