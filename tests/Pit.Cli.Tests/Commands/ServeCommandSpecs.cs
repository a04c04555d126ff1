using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pit.Cli.Tests.Support;
using Pit.Tests.Support;

namespace Pit.Cli.Tests.Commands;

/// <summary>
/// <c>pit serve</c> end to end: the built binary on a temp workspace with real bash tasks, driven
/// through its HTTP API and stopped with real signals.
/// </summary>
public sealed class ServeCommandSpecs : IDisposable
{
    private const string Token = "test-token-0123456789abcdef";

    private TempWorkspace _workspace = TempWorkspace.ForRuns();

    public void Dispose() => _workspace.Dispose();

    /// <summary>A workspace for runs with <paramref name="config"/> added to its pit_config.toml.</summary>
    private void UseConfig(string config)
    {
        _workspace.Dispose();
        _workspace = TempWorkspace.ForRuns(config);
    }

    private void Dag(string name, string script, string dagLines = "") => _workspace.OneTaskDag(name, script, dagLines);

    private static string RunIdOf(ApiReply reply)
    {
        Assert.True(reply.Status == HttpStatusCode.Accepted, reply.ToString());
        return reply.Json.GetProperty("run_id").GetString()!;
    }

    [Fact]
    public void Says_where_it_listens_and_reports_its_health_and_dags()
    {
        Dag("etl", "echo ok\n", "schedule = \"0 3 * * *\"\ntimezone = \"Europe/Amsterdam\"");
        _workspace.Write("projects/broken/pit.toml", "[dag]\nname = \n");
        using var pit = new ServedPit(_workspace);

        Assert.Contains($"pit serve: listening on http://127.0.0.1:{pit.Port} (workspace {_workspace.Root})\n", pit.Process.StdoutSoFar);

        var health = pit.Get("/api/health");
        Assert.True(health.Status == HttpStatusCode.OK, health.ToString());
        Assert.Equal("ok", health.Json.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(health.Json.GetProperty("version").GetString()));
        Assert.True(health.Json.GetProperty("uptime_seconds").GetInt64() >= 0);
        Assert.Equal(_workspace.Root, health.Json.GetProperty("workspace").GetString());
        Assert.Equal(1, health.Json.GetProperty("dags").GetInt32());
        var invalid = Assert.Single(health.Json.GetProperty("invalid_projects").EnumerateArray()).GetString();
        Assert.StartsWith("broken", invalid);

        var dags = pit.Get("/api/dags");
        Assert.True(dags.Status == HttpStatusCode.OK, dags.ToString());
        var etl = Assert.Single(dags.Json.GetProperty("dags").EnumerateArray());
        Assert.Equal("etl", etl.GetProperty("name").GetString());
        Assert.Equal("0 3 * * *", etl.GetProperty("schedule").GetString());
        Assert.Equal("Europe/Amsterdam", etl.GetProperty("timezone").GetString());
        Assert.EndsWith("Z", etl.GetProperty("next_fire").GetString());
        Assert.Equal("skip", etl.GetProperty("overlap").GetString());
        Assert.Empty(etl.GetProperty("active_runs").EnumerateArray());
        Assert.Equal(0, etl.GetProperty("queued").GetInt32());
        Assert.Equal(JsonValueKind.Null, etl.GetProperty("last_run").ValueKind);
    }

    [Fact]
    public void Cron_fires_a_schedule_every_second()
    {
        Dag("tick", "echo \"tick for $PIT_LOGICAL_TIME\"\n", "schedule = \"* * * * * *\"");
        using var pit = new ServedPit(_workspace);

        ApiReply? runs = null;
        Poll.Until(() => (runs = pit.Get("/api/runs?dag=tick")).Json.GetProperty("runs").GetArrayLength() >= 2, "two cron runs of tick");

        var fired = runs!.Json.GetProperty("runs").EnumerateArray().ToList();
        Assert.All(fired, run =>
        {
            Assert.Equal("cron", run.GetProperty("trigger").GetString());
            Assert.Equal("tick", run.GetProperty("dag").GetString());
            Assert.Matches(@"^\d{8}_\d{6}\.\d{3}_tick$", run.GetProperty("run_id").GetString());
        });
        Assert.Equal(fired.Count, fired.Select(r => r.GetProperty("run_id").GetString()).Distinct().Count());
        var started = fired.Select(r => r.GetProperty("started").GetDateTime()).ToList();
        Assert.Equal(started.OrderDescending(), started);
        // Each cron run knows the occurrence it stands for: a whole second, at most a moment before it started.
        var oldest = fired[^1].GetProperty("run_id").GetString()!;
        Poll.Until(() => File.Exists(_workspace.RunPath(oldest, "logs", "work.log")) && _workspace.ReadLog(oldest, "work").Contains("tick for 20"), "the cron run's log");
        var logical = DateTime.Parse(Regex.Match(_workspace.ReadLog(oldest, "work"), @"tick for (\S+)").Groups[1].Value, null, System.Globalization.DateTimeStyles.RoundtripKind);
        Assert.Equal(0, logical.Millisecond);
        Assert.InRange(started[^1] - logical, TimeSpan.Zero, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void A_trigger_starts_a_run_with_its_parameters_that_succeeds()
    {
        _workspace.Write("projects/etl/pit.toml", """
            [dag]

            [[tasks]]
            name = "extract"
            script = "tasks/ok.sh"

            [[tasks]]
            name = "load"
            script = "tasks/load.py"
            depends_on = ["extract"]
            """);
        _workspace.Write("projects/etl/tasks/ok.sh", "echo ok\n");
        _workspace.Write("projects/etl/tasks/load.py", """
            import os
            import pit_sdk

            print("params:", os.environ["PIT_PARAM_DATE"], pit_sdk.get_param("region"), pit_sdk.get_param("batch", "none"))
            """);
        using var pit = new ServedPit(_workspace);

        var detail = pit.Get("/api/dags/etl");
        Assert.True(detail.Status == HttpStatusCode.OK, detail.ToString());
        var tasks = detail.Json.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(["extract", "load"], tasks.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(["extract"], tasks[1].GetProperty("depends_on").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("python", tasks[1].GetProperty("runner").GetString());

        var triggered = pit.Post("/api/dags/etl/trigger", """{"date": "2025-03-14", "region": "eu"}""");
        var runId = RunIdOf(triggered);
        Assert.Equal("etl", triggered.Json.GetProperty("dag").GetString());

        var run = pit.WaitForRun(runId, "success");
        Assert.Equal("api", run.GetProperty("trigger").GetString());
        foreach (var task in run.GetProperty("tasks").EnumerateArray())
        {
            Assert.Equal("success", task.GetProperty("state").GetString());
            Assert.Equal(1, task.GetProperty("attempts").GetInt32());
            Assert.Equal(0, task.GetProperty("exit_code").GetInt32());
            Assert.NotEqual(JsonValueKind.Null, task.GetProperty("finished").ValueKind);
        }
        Assert.Contains("params: 2025-03-14 eu none", _workspace.ReadLog(runId, "load"));
        var listed = Assert.Single(pit.Get("/api/runs?dag=etl&state=success").Json.GetProperty("runs").EnumerateArray());
        Assert.Equal(runId, listed.GetProperty("run_id").GetString());
        Assert.Equal(runId, pit.Get("/api/dags").Json.GetProperty("dags")[0].GetProperty("last_run").GetProperty("run_id").GetString());
    }

    [Fact]
    public void An_unknown_dag_is_404_with_the_known_names()
    {
        Dag("etl", "echo ok\n");
        Dag("report", "echo ok\n");
        using var pit = new ServedPit(_workspace);

        var triggered = pit.Post("/api/dags/elt/trigger");
        Assert.True(triggered.Status == HttpStatusCode.NotFound, triggered.ToString());
        Assert.Equal("unknown_dag", triggered.ErrorCode);
        Assert.Equal(["etl", "report"], triggered.Json.GetProperty("error").GetProperty("known").EnumerateArray().Select(k => k.GetString()));
        Assert.Contains("etl, report", triggered.Json.GetProperty("error").GetProperty("message").GetString());

        var read = pit.Get("/api/dags/elt");
        Assert.Equal(HttpStatusCode.NotFound, read.Status);
        Assert.Equal("unknown_dag", read.ErrorCode);
        Assert.Equal("unknown_run", pit.Get("/api/runs/20250314_093000.125_etl").ErrorCode);
        Assert.Equal("unknown_run", pit.Post("/api/runs/not-a-run/cancel").ErrorCode);
    }

    [Fact]
    public void Bad_requests_get_a_400_and_the_server_goes_on()
    {
        Dag("etl", "echo ok\n");
        using var pit = new ServedPit(_workspace);

        foreach (var body in new[] { "{\"date\": ", "[\"a\"]", "{\"n\": 1}", "\"text\"", "{\"a\": \"1\", \"a\": \"2\"}" })
        {
            var reply = pit.Post("/api/dags/etl/trigger", body);
            Assert.True(reply.Status == HttpStatusCode.BadRequest, $"{body} → {reply}");
            Assert.Equal("bad_request", reply.ErrorCode);
        }
        Assert.Equal(HttpStatusCode.BadRequest, pit.Get("/api/runs?limit=501").Status);
        Assert.Equal(HttpStatusCode.BadRequest, pit.Get("/api/runs?limit=ten").Status);
        Assert.Equal(HttpStatusCode.BadRequest, pit.Get("/api/runs?state=done").Status);
        Assert.Equal("not_found", pit.Get("/api/nothing-here").ErrorCode);

        Assert.Equal(HttpStatusCode.OK, pit.Get("/api/health").Status);
        Assert.Empty(pit.Get("/api/runs").Json.GetProperty("runs").EnumerateArray());
        RunIdOf(pit.Post("/api/dags/etl/trigger"));
    }

    [Fact]
    public void A_trigger_while_a_run_is_active_is_refused_with_overlap_skip_and_queued_with_overlap_queue()
    {
        Dag("slow", "sleep 2\n");
        Dag("queued", "sleep 2\n", "overlap = \"queue\"");
        using var pit = new ServedPit(_workspace);

        var first = RunIdOf(pit.Post("/api/dags/slow/trigger"));
        var skipped = pit.Post("/api/dags/slow/trigger");
        Assert.True(skipped.Status == HttpStatusCode.Conflict, skipped.ToString());
        Assert.Equal("overlap", skipped.ErrorCode);
        Assert.Contains(first, skipped.Json.GetProperty("error").GetProperty("message").GetString());

        RunIdOf(pit.Post("/api/dags/queued/trigger"));
        var waiting = pit.Post("/api/dags/queued/trigger");
        Assert.True(waiting.Status == HttpStatusCode.Accepted, waiting.ToString());
        Assert.Equal(1, waiting.Json.GetProperty("queued").GetInt32());

        pit.WaitForRun(first, "success");
        Poll.Until(() => pit.Get("/api/runs?dag=queued&state=success").Json.GetProperty("runs").GetArrayLength() == 2, "the queued trigger's run to succeed");
    }

    [Fact]
    public void With_an_api_token_a_post_needs_it_and_reads_do_not_on_any_address()
    {
        UseConfig($"api_token = \"{Token}\"");
        Dag("etl", "echo ok\n");
        using var pit = new ServedPit(_workspace, "--bind", "0.0.0.0");
        Assert.Contains($"listening on http://0.0.0.0:{pit.Port} ", pit.Process.StdoutSoFar);

        foreach (var token in new[] { null, "wrong", Token + "x", "" })
        {
            var refused = pit.Post("/api/dags/etl/trigger", token: token);
            Assert.True(refused.Status == HttpStatusCode.Unauthorized, $"token '{token}' → {refused}");
            Assert.Equal("unauthorized", refused.ErrorCode);
            Assert.DoesNotContain(Token, refused.Text);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, pit.Post("/api/runs/20250314_093000.125_etl/cancel").Status);
        Assert.Equal(HttpStatusCode.OK, pit.Get("/api/dags").Status);

        var runId = RunIdOf(pit.Post("/api/dags/etl/trigger", token: Token));
        pit.WaitForRun(runId, "success");
        Assert.DoesNotContain(Token, pit.Process.StdoutSoFar + pit.Process.StderrSoFar);
    }

    [Fact]
    public void With_api_auth_all_a_read_needs_the_token_too()
    {
        UseConfig($"api_token = \"{Token}\"\napi_auth = \"all\"");
        Dag("etl", "echo ok\n");
        using var pit = new ServedPit(_workspace);

        var refused = pit.Get("/api/dags");
        Assert.True(refused.Status == HttpStatusCode.Unauthorized, refused.ToString());
        Assert.Equal("unauthorized", refused.ErrorCode);
        Assert.Equal(HttpStatusCode.Unauthorized, pit.Get("/api/health").Status);
        Assert.Equal(HttpStatusCode.Unauthorized, pit.Get("/api/runs", token: "wrong").Status);
        Assert.Equal(HttpStatusCode.OK, pit.Get("/api/dags", token: Token).Status);
    }

    [Fact]
    public void Binding_beyond_loopback_without_an_api_token_is_refused()
    {
        Dag("etl", "echo ok\n");

        var result = _workspace.Pit("serve", "--bind", "0.0.0.0", "--port", FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--bind 0.0.0.0", result.Stderr);
        Assert.Contains("no api_token", result.Stderr);
        Assert.Contains("127.0.0.1", result.Stderr);
        Assert.DoesNotContain("listening", result.Stdout);
    }

    [Fact]
    public void An_invalid_pit_config_is_reported_and_nothing_starts()
    {
        UseConfig("api_auth = \"reads\"");
        Dag("etl", "echo ok\n", "schedule = \"* * * * * *\"");

        var result = _workspace.Pit("serve", "--port", FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("pit_config.toml:3:1: api_auth: 'reads' is not one of mutating, all", result.Stderr);
        Assert.Empty(_workspace.RunIds("etl"));
    }

    [Fact]
    public void A_port_in_use_is_reported_before_anything_starts()
    {
        Dag("etl", "echo ok\n", "schedule = \"* * * * * *\"");
        var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port;

            var result = _workspace.Pit("serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains($"cannot listen on http://127.0.0.1:{port}", result.Stderr);
            Assert.Contains("--port", result.Stderr);
            Assert.Empty(_workspace.RunIds("etl"));
        }
        finally
        {
            taken.Stop();
        }
    }

    [Fact]
    public void Sigterm_lets_the_active_run_finish_then_exits_0()
    {
        Dag("slow", "sleep 2\necho done\n");
        using var pit = new ServedPit(_workspace);
        var runId = RunIdOf(pit.Post("/api/dags/slow/trigger"));
        pit.WaitForTaskRunning(runId, "work");

        pit.Process.Terminate();
        var result = pit.Process.WaitForExit();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("pit serve: stopping; waiting for 1 active run (up to 5m)", result.Stdout);
        Assert.Contains("pit serve: stopped", result.Stdout);
        Assert.DoesNotContain("cancelling", result.Stdout);
        var status = _workspace.Pit("status", runId);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Matches($@"run {Regex.Escape(runId)}\s+dag slow\s+trigger api\s+state success", status.Stdout);
        Assert.Contains("done", _workspace.ReadLog(runId, "work"));
    }

    [Fact]
    public void Cancel_stops_a_running_run()
    {
        Dag("slow", "sleep 30\n");
        using var pit = new ServedPit(_workspace);
        var runId = RunIdOf(pit.Post("/api/dags/slow/trigger"));
        pit.WaitForTaskRunning(runId, "work");

        var cancelled = pit.Post($"/api/runs/{runId}/cancel");

        Assert.True(cancelled.Status == HttpStatusCode.Accepted, cancelled.ToString());
        var run = pit.WaitForRun(runId, "cancelled");
        Assert.Equal("failed", run.GetProperty("tasks")[0].GetProperty("state").GetString());
        var again = pit.Post($"/api/runs/{runId}/cancel");
        Assert.True(again.Status == HttpStatusCode.Conflict, again.ToString());
        Assert.Equal("run_finished", again.ErrorCode);
    }

    [Fact]
    public void After_kill_9_a_restarted_service_resumes_the_run_and_reruns_nothing_that_succeeded()
    {
        _workspace.Write("projects/crash/pit.toml", """
            [dag]

            [[tasks]]
            name = "first"
            script = "tasks/first.sh"

            [[tasks]]
            name = "slow"
            script = "tasks/slow.sh"
            depends_on = ["first"]
            retries = 1

            [[tasks]]
            name = "after"
            script = "tasks/after.sh"
            depends_on = ["slow"]
            """);
        _workspace.Write("projects/crash/tasks/first.sh", "echo run >> \"$PIT_WORKSPACE_DIR/first.count\"\n");
        // The first attempt records its pid and waits (Pit is killed meanwhile); the second one just succeeds.
        _workspace.Write("projects/crash/tasks/slow.sh", """
            echo run >> "$PIT_WORKSPACE_DIR/slow.count"
            if [ "$(wc -l < "$PIT_WORKSPACE_DIR/slow.count")" -eq 1 ]; then echo $$ > "$PIT_WORKSPACE_DIR/slow.pid"; sleep 60; fi
            """);
        _workspace.Write("projects/crash/tasks/after.sh", "echo run >> \"$PIT_WORKSPACE_DIR/after.count\"\n");
        string runId;
        int orphan;
        using (var pit = new ServedPit(_workspace))
        {
            runId = RunIdOf(pit.Post("/api/dags/crash/trigger"));
            Poll.Until(() => File.Exists(_workspace.PathOf("slow.pid")) && File.ReadAllText(_workspace.PathOf("slow.pid")).EndsWith('\n'), "the slow task to start");
            orphan = ProcessTable.ReadPid(_workspace.PathOf("slow.pid"));
            pit.Process.KillHard();
        }
        try
        {
            Assert.True(ProcessTable.IsAlive(orphan), "the task outlives a crashed Pit until Pit is back");

            using var again = new ServedPit(_workspace);
            var run = again.WaitForRun(runId, "success");

            Poll.Until(() => !ProcessTable.IsAlive(orphan), "the orphaned task to be killed");
            Assert.Single(File.ReadAllLines(_workspace.PathOf("first.count")));
            Assert.Equal(2, File.ReadAllLines(_workspace.PathOf("slow.count")).Length);
            Assert.Single(File.ReadAllLines(_workspace.PathOf("after.count")));
            var slow = run.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "slow");
            Assert.Equal(2, slow.GetProperty("attempts").GetInt32());
            Assert.Contains("=== attempt 2 of task slow", _workspace.ReadLog(runId, "slow"));
        }
        finally
        {
            ProcessTable.KillIfAlive(orphan);
        }
    }

    [Fact]
    public void A_dag_whose_requirements_do_not_hold_is_not_started_and_is_once_they_do()
    {
        Dag("feed", "echo fed\n");
        Dag("report", "echo reported\n", "[dag.requires]\nfeed = { max_age = \"1h\" }");
        using var pit = new ServedPit(_workspace);

        var refused = pit.Post("/api/dags/report/trigger");
        Assert.True(refused.Status == HttpStatusCode.Conflict, refused.ToString());
        Assert.Equal("requirements_unmet", refused.ErrorCode);
        Assert.Contains("feed has never run", refused.Text);
        Assert.Equal(0, pit.Get("/api/runs?dag=report").Json.GetProperty("runs").GetArrayLength());

        pit.WaitForRun(RunIdOf(pit.Post("/api/dags/feed/trigger")), "success");
        pit.WaitForRun(RunIdOf(pit.Post("/api/dags/report/trigger")), "success");
    }

    [Fact]
    public void The_outputs_registry_is_served_with_the_filters_of_pit_outputs()
    {
        Dag("mart", "echo ok\n");
        _workspace.Write("projects/mart/pit.toml", File.ReadAllText(_workspace.PathOf("projects", "mart", "pit.toml")) + """

            [[outputs]]
            name = "fact_claims"
            type = "table"
            location = "warehouse.fact_claims"
            owner = "data-team"

            [[outputs]]
            name = "monthly"
            type = "file"
            location = "/srv/reports/monthly.csv"
            """);
        using var pit = new ServedPit(_workspace);

        var all = pit.Get("/api/outputs").Json.GetProperty("outputs");
        var tables = pit.Get("/api/outputs?type=table&location=warehouse.*").Json.GetProperty("outputs");
        var none = pit.Get("/api/outputs?project=elsewhere").Json.GetProperty("outputs");

        Assert.Equal(2, all.GetArrayLength());
        var table = Assert.Single(tables.EnumerateArray());
        Assert.Equal(("mart", "fact_claims", "warehouse.fact_claims"), (table.GetProperty("project").GetString(), table.GetProperty("name").GetString(), table.GetProperty("location").GetString()));
        Assert.Equal("data-team", table.GetProperty("metadata").GetProperty("owner").GetString());
        Assert.Equal(0, none.GetArrayLength());
    }

    [Fact]
    public void Metrics_count_runs_and_tasks_by_state_in_prometheus_text()
    {
        Dag("etl", "echo ok\n");
        using var pit = new ServedPit(_workspace);
        pit.WaitForRun(RunIdOf(pit.Post("/api/dags/etl/trigger")), "success");

        var metrics = pit.Get("/metrics").Text;

        Assert.Contains("# TYPE pit_runs gauge", metrics);
        Assert.Contains("pit_runs{state=\"success\"} 1\n", metrics);
        Assert.Contains("pit_runs{state=\"failed\"} 0\n", metrics);
        Assert.Contains("pit_tasks{state=\"success\"} 1\n", metrics);
        Assert.Contains("pit_run_duration_seconds_count 1\n", metrics);
        Assert.Contains("pit_dags{valid=\"true\"} 1\n", metrics);
        Assert.Contains("pit_active_runs 0\n", metrics);
    }
}
