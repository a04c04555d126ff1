using System.Text.RegularExpressions;
using Pit.Cli.Tests.Support;

namespace Pit.Cli.Tests.Commands;

/// <summary><c>pit run</c> end to end: the built binary on a temp workspace, real bash and python tasks.</summary>
public sealed class RunCommandSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = TempWorkspace.ForRuns();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Whole_dag_succeeds_from_a_snapshot_and_hands_data_from_task_to_task()
    {
        _workspace.Write("projects/etl/pit.toml", """
            [dag]

            [[tasks]]
            name = "extract"
            script = "tasks/extract.sh"

            [[tasks]]
            name = "count"
            script = "tasks/count.py"
            depends_on = ["extract"]

            [[tasks]]
            name = "report"
            script = "tasks/report.sh"
            depends_on = ["count"]
            """);
        _workspace.Write("projects/etl/tasks/extract.sh", """
            printf 'a\nb\nc\n' > "$PIT_DATA_DIR/rows.txt"
            echo "extracted in $(pwd) run=$PIT_RUN_ID task=$PIT_TASK_NAME dag=$PIT_DAG_NAME"
            """);
        _workspace.Write("projects/etl/tasks/count.py", """
            import os
            data = os.environ["PIT_DATA_DIR"]
            with open(os.path.join(data, "rows.txt")) as f:
                n = len(f.read().splitlines())
            with open(os.path.join(data, "count.txt"), "w") as f:
                f.write(str(n))
            print(f"counted {n} rows")
            """);
        _workspace.Write("projects/etl/tasks/report.sh", "echo \"report: $(cat \"$PIT_DATA_DIR/count.txt\") rows\"\nprintf 'last line without newline'\n");

        var result = _workspace.Pit("run", "etl");

        Assert.True(result.ExitCode == 0, result.ToString());
        var id = _workspace.OnlyRunId("etl");
        Assert.Matches($@"(?m)^run {Regex.Escape(id)} success in ", result.Stdout);
        var summary = PrintedTable.Find(result.Stdout, "task");
        Assert.Equal(["extract", "count", "report"], summary.Keys);
        foreach (var task in new[] { "extract", "count", "report" })
        {
            Assert.Equal("success", summary.Row(task)["state"]);
            Assert.Equal("1", summary.Row(task)["attempts"]);
            Assert.Equal("0", summary.Row(task)["exit"]);
        }
        Assert.Contains($"logs: runs/{id}/logs", result.Stdout);
        // Without --verbose, task output goes to the logs only.
        Assert.DoesNotContain("counted 3 rows", result.Stdout);

        Assert.Equal(["data", "logs", "project"], Directory.GetDirectories(_workspace.RunPath(id)).Select(Path.GetFileName).Order());
        Assert.True(File.Exists(_workspace.RunPath(id, "project", "tasks", "count.py")), "the project is snapshotted into the run");
        Assert.Contains($"extracted in {_workspace.RunPath(id, "project")} run={id} task=extract dag=etl", _workspace.ReadLog(id, "extract"));
        Assert.Contains("counted 3 rows", _workspace.ReadLog(id, "count"));
        Assert.Contains("report: 3 rows", _workspace.ReadLog(id, "report"));
        Assert.Contains("last line without newline\n", _workspace.ReadLog(id, "report"));
        Assert.Equal("3", File.ReadAllText(_workspace.RunPath(id, "data", "count.txt")));
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Failed_task_fails_the_run_marks_its_dependents_upstream_failed_and_independent_branches_still_run()
    {
        _workspace.Write("projects/etl/pit.toml", """
            [dag]

            [[tasks]]
            name = "extract"
            script = "tasks/extract.sh"

            [[tasks]]
            name = "load"
            script = "tasks/ok.sh"
            depends_on = ["extract"]

            [[tasks]]
            name = "publish"
            script = "tasks/ok.sh"
            depends_on = ["load"]

            [[tasks]]
            name = "cleanup"
            script = "tasks/ok.sh"
            depends_on = ["extract"]
            condition = "all_done"

            [[tasks]]
            name = "audit"
            script = "tasks/audit.sh"
            """);
        _workspace.Write("projects/etl/tasks/extract.sh", "echo 'source unreachable' >&2\nexit 3\n");
        _workspace.Write("projects/etl/tasks/ok.sh", "echo ok\n");
        _workspace.Write("projects/etl/tasks/audit.sh", "echo audited\n");

        var result = _workspace.Pit("run", "etl");

        Assert.True(result.ExitCode == 1, result.ToString());
        var id = _workspace.OnlyRunId("etl");
        Assert.Matches($@"(?m)^run {Regex.Escape(id)} failed in ", result.Stdout);
        // A failed task says which attempt, its exit code and where its log is.
        Assert.Contains($"extract failed (attempt 1: exit code 3)", result.Stdout);
        Assert.Contains($"log: runs/{id}/logs/extract.log", result.Stdout);
        var summary = PrintedTable.Find(result.Stdout, "task");
        Assert.Equal("failed", summary.Row("extract")["state"]);
        Assert.Equal("3", summary.Row("extract")["exit"]);
        Assert.Equal("upstream_failed", summary.Row("load")["state"]);
        Assert.Equal("upstream_failed", summary.Row("publish")["state"]);
        Assert.Equal("success", summary.Row("cleanup")["state"]);
        Assert.Equal("success", summary.Row("audit")["state"]);

        var log = _workspace.ReadLog(id, "extract");
        Assert.Contains("source unreachable", log);
        Assert.Contains("failed with exit code 3", log);
        Assert.False(File.Exists(_workspace.RunPath(id, "logs", "load.log")), "an upstream_failed task never starts");
        Assert.Contains("audited", _workspace.ReadLog(id, "audit"));

        var status = _workspace.Pit("status", id);
        Assert.True(status.ExitCode == 0, status.ToString());
        var tasks = PrintedTable.Find(status.Stdout, "task");
        Assert.Equal("failed", tasks.Row("extract")["state"]);
        Assert.Equal("3", tasks.Row("extract")["exit"]);
        Assert.Equal("upstream_failed", tasks.Row("load")["state"]);
        Assert.Equal("0", tasks.Row("load")["attempts"]);
        Assert.Equal("success", tasks.Row("audit")["state"]);
    }

    [Fact]
    public void Failing_first_attempt_is_retried_and_the_log_has_a_header_per_attempt()
    {
        _workspace.Write("projects/flaky/pit.toml", """
            [dag]

            [[tasks]]
            name = "fetch"
            script = "tasks/fetch.sh"
            retries = 2
            retry_delay = "0s"
            """);
        _workspace.Write("projects/flaky/tasks/fetch.sh", """
            if [ -f "$PIT_DATA_DIR/tried" ]; then
              echo "second try worked"
            else
              touch "$PIT_DATA_DIR/tried"
              echo "first try failed"
              exit 1
            fi
            """);

        var result = _workspace.Pit("run", "flaky");

        Assert.True(result.ExitCode == 0, result.ToString());
        var id = _workspace.OnlyRunId("flaky");
        var summary = PrintedTable.Find(result.Stdout, "task");
        Assert.Equal("success", summary.Row("fetch")["state"]);
        Assert.Equal("2", summary.Row("fetch")["attempts"]);

        var log = _workspace.ReadLog(id, "fetch");
        Assert.Equal(2, Regex.Matches(log, @"(?m)^=== attempt \d of task fetch \(run ").Count);
        Assert.Matches(@"(?s)=== attempt 1 of task fetch \(run .*first try failed.*attempt 1 of task fetch failed with exit code 1.*"
                       + @"=== attempt 2 of task fetch \(run .*second try worked.*attempt 2 of task fetch succeeded", log);

        var status = _workspace.Pit("status", id);
        Assert.True(status.ExitCode == 0, status.ToString());
        var row = PrintedTable.Find(status.Stdout, "task").Row("fetch");
        Assert.Equal("success", row["state"]);
        Assert.Equal("2", row["attempts"]);
    }

    [Fact]
    public void Task_timeout_fails_the_task_and_kills_its_grandchildren()
    {
        _workspace.Write("projects/slow/pit.toml", """
            [dag]

            [[tasks]]
            name = "hang"
            script = "tasks/hang.sh"
            timeout = "1s"
            """);
        _workspace.Write("projects/slow/tasks/hang.sh", """
            echo $$ > "$PIT_DATA_DIR/main.pid"
            sleep 1000 &
            echo $! > "$PIT_DATA_DIR/grandchild.pid"
            sleep 1000
            """);

        var result = _workspace.Pit("run", "slow");

        var id = _workspace.OnlyRunId("slow");
        var main = ProcessTable.ReadPid(_workspace.RunPath(id, "data", "main.pid"));
        var grandchild = ProcessTable.ReadPid(_workspace.RunPath(id, "data", "grandchild.pid"));
        try
        {
            Assert.True(result.ExitCode == 1, result.ToString());
            // Checked as soon as pit has exited: a zombie waiting for init to reap it counts as dead.
            Assert.False(ProcessTable.IsAlive(main), $"the task's bash ({main}) outlived pit");
            Assert.False(ProcessTable.IsAlive(grandchild), $"the task's background sleep ({grandchild}) outlived pit");
            Assert.Equal("failed", PrintedTable.Find(result.Stdout, "task").Row("hang")["state"]);
            Assert.Contains("timed out", _workspace.ReadLog(id, "hang"));

            var status = _workspace.Pit("status", id);
            var row = PrintedTable.Find(status.Stdout, "task").Row("hang");
            Assert.Equal("failed", row["state"]);
            Assert.Contains("timed out", row["reason"]);
        }
        finally
        {
            ProcessTable.KillIfAlive(grandchild);
            ProcessTable.KillIfAlive(main);
        }
    }

    [Fact]
    public void Ctrl_c_cancels_the_run_terminates_the_running_task_and_exits_130()
    {
        _workspace.Write("projects/wait/pit.toml", """
            [dag]

            [[tasks]]
            name = "nap"
            script = "tasks/nap.sh"

            [[tasks]]
            name = "after"
            script = "tasks/after.sh"
            depends_on = ["nap"]
            """);
        _workspace.Write("projects/wait/tasks/nap.sh", """
            echo $$ > "$PIT_DATA_DIR/nap.pid"
            echo "napping until Ctrl-C"
            sleep 1000
            """);
        _workspace.Write("projects/wait/tasks/after.sh", "echo after\n");

        using var pit = _workspace.StartPit("run", "wait");
        Poll.Until(() => _workspace.RunIds("wait").Count == 1
                         && Poll.FileContains(_workspace.RunPath(_workspace.RunIds("wait")[0], "logs", "nap.log"), "napping until Ctrl-C"),
            "the nap task to start");
        var id = _workspace.OnlyRunId("wait");
        var nap = ProcessTable.ReadPid(_workspace.RunPath(id, "data", "nap.pid"));
        try
        {
            pit.Interrupt();
            var result = pit.WaitForExit();

            Assert.True(result.ExitCode == 130, result.ToString());
            Assert.Matches($@"(?m)^run {Regex.Escape(id)} cancelled", result.Stdout);
            Assert.False(ProcessTable.IsAlive(nap), $"the running task ({nap}) outlived pit");
            Assert.False(File.Exists(_workspace.RunPath(id, "logs", "after.log")), "nothing starts after a cancel");

            var status = _workspace.Pit("status", id);
            Assert.True(status.ExitCode == 0, status.ToString());
            Assert.Contains($"run {id}", status.Stdout);
            Assert.Matches(@"state cancelled\b", status.Stdout);
        }
        finally
        {
            ProcessTable.KillIfAlive(nap);
        }
    }

    [Fact]
    public void Dag_slash_task_runs_only_that_task_without_its_dependencies()
    {
        WriteClaimsProject();

        var result = _workspace.Pit("run", "claims_pipeline/load");

        Assert.True(result.ExitCode == 0, result.ToString());
        var id = _workspace.OnlyRunId("claims_pipeline");
        Assert.Equal(["load"], PrintedTable.Find(result.Stdout, "task").Keys);
        Assert.Equal(["load.log"], Directory.GetFiles(_workspace.RunPath(id, "logs")).Select(Path.GetFileName));
        Assert.Contains("loading", _workspace.ReadLog(id, "load"));
    }

    [Fact]
    public void Inside_a_project_folder_a_bare_task_name_runs_that_task()
    {
        WriteClaimsProject();

        var result = PitProcess.Run(_workspace.PathOf("projects", "claims"), "run", "load");

        Assert.True(result.ExitCode == 0, result.ToString());
        var id = _workspace.OnlyRunId("claims_pipeline");
        Assert.Equal(["load.log"], Directory.GetFiles(_workspace.RunPath(id, "logs")).Select(Path.GetFileName));
        Assert.Contains("loading", _workspace.ReadLog(id, "load"));
    }

    [Fact]
    public void Keep_artifacts_of_the_dag_overrides_the_workspace_and_deletes_the_other_run_folders()
    {
        using var workspace = TempWorkspace.ForRuns("keep_artifacts = [\"data\"]");
        workspace.Write("projects/only_logs/pit.toml", """
            [dag]
            keep_artifacts = ["logs"]

            [[tasks]]
            name = "work"
            script = "work.sh"
            """);
        workspace.Write("projects/only_logs/work.sh", "echo worked; echo result > \"$PIT_DATA_DIR/out.txt\"\n");
        workspace.Write("projects/only_data/pit.toml", """
            [dag]

            [[tasks]]
            name = "work"
            script = "work.sh"
            """);
        workspace.Write("projects/only_data/work.sh", "echo worked; echo result > \"$PIT_DATA_DIR/out.txt\"\n");

        var logs = workspace.Pit("run", "only_logs");
        var data = workspace.Pit("run", "only_data");

        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.True(data.ExitCode == 0, data.ToString());
        var logsRun = workspace.OnlyRunId("only_logs");
        Assert.Equal(["logs"], Directory.GetDirectories(workspace.RunPath(logsRun)).Select(Path.GetFileName));
        Assert.Contains("worked", workspace.ReadLog(logsRun, "work"));
        var dataRun = workspace.OnlyRunId("only_data");
        Assert.Equal(["data"], Directory.GetDirectories(workspace.RunPath(dataRun)).Select(Path.GetFileName));
        Assert.True(File.Exists(workspace.RunPath(dataRun, "data", "out.txt")));
        var retained = workspace.Pit("logs", "only_data");
        Assert.True(retained.ExitCode == 0, retained.ToString());
        Assert.Contains("removed by keep_artifacts", retained.Stdout);
    }

    [Fact]
    public void Dag_timeout_kills_what_runs_and_records_the_run_as_timed_out()
    {
        _workspace.Write("projects/capped/pit.toml", """
            [dag]
            timeout = "1s"

            [[tasks]]
            name = "forever"
            script = "forever.sh"
            """);
        _workspace.Write("projects/capped/forever.sh", "echo $$ > \"$PIT_DATA_DIR/forever.pid\"\nsleep 1000\n");

        var result = _workspace.Pit("run", "capped");

        var id = _workspace.OnlyRunId("capped");
        var pid = ProcessTable.ReadPid(_workspace.RunPath(id, "data", "forever.pid"));
        try
        {
            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.False(ProcessTable.IsAlive(pid), $"the task ({pid}) outlived pit");
            var status = _workspace.Pit("status", id);
            Assert.Matches(@"state timed_out\b", status.Stdout);
            Assert.Equal("failed", PrintedTable.Find(status.Stdout, "task").Row("forever")["state"]);
        }
        finally
        {
            ProcessTable.KillIfAlive(pid);
        }
    }

    [Fact]
    public void Unknown_dag_is_a_usage_error_listing_the_known_dags()
    {
        WriteClaimsProject();
        WriteEchoProject("reports");

        var result = _workspace.Pit("run", "claims");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("unknown DAG 'claims'", result.Stderr);
        Assert.Contains("claims_pipeline", result.Stderr);
        Assert.Contains("reports", result.Stderr);
        Assert.False(Directory.Exists(_workspace.PathOf("runs")), "nothing may start");
    }

    [Fact]
    public void Unknown_task_is_a_usage_error_listing_the_dags_tasks()
    {
        WriteClaimsProject();

        var result = _workspace.Pit("run", "claims_pipeline/transform");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("no task 'transform'", result.Stderr);
        Assert.Contains("extract, load", result.Stderr);
        Assert.False(Directory.Exists(_workspace.PathOf("runs")), "nothing may start");
    }

    [Fact]
    public void Invalid_project_prints_its_validation_errors_and_starts_nothing()
    {
        _workspace.Write("projects/broken/pit.toml", """
            [dag]

            [[tasks]]
            name = "a"
            script = "a.sh"
            retrys = 2
            """);
        _workspace.Write("projects/broken/a.sh", "echo a\n");

        var result = _workspace.Pit("run", "broken");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("projects/broken/pit.toml:6:1: tasks[0].retrys: unknown key 'retrys' (did you mean 'retries'?)", result.Stderr);
        Assert.Contains("nothing was started", result.Stderr);
        Assert.False(Directory.Exists(_workspace.PathOf("runs")), "nothing may start");
    }

    [Fact]
    public void Script_missing_from_the_snapshot_fails_the_task_with_that_reason_in_log_and_status()
    {
        // node_modules/ is not snapshotted: the script passes validation yet is not in the run's copy.
        _workspace.Write("projects/js/pit.toml", """
            [dag]

            [[tasks]]
            name = "bundle"
            script = "node_modules/bundle.sh"
            """);
        _workspace.Write("projects/js/node_modules/bundle.sh", "echo bundled\n");

        var result = _workspace.Pit("run", "js");

        Assert.True(result.ExitCode == 1, result.ToString());
        var id = _workspace.OnlyRunId("js");
        AssertFailedWithReason(id, "bundle", "script node_modules/bundle.sh not found in the run snapshot");
    }

    [Fact]
    public void Interpreter_not_found_fails_the_task_with_that_reason_in_log_and_status()
    {
        using var workspace = TempWorkspace.ForRuns(python: "/nonexistent/bin/python3");
        workspace.Write("projects/py/pit.toml", """
            [dag]

            [[tasks]]
            name = "hello"
            script = "hello.py"
            """);
        workspace.Write("projects/py/hello.py", "print('hello')\n");

        var result = workspace.Pit("run", "py");

        Assert.True(result.ExitCode == 1, result.ToString());
        var id = workspace.OnlyRunId("py");
        Assert.Equal("failed", PrintedTable.Find(result.Stdout, "task").Row("hello")["state"]);
        Assert.Contains("/nonexistent/bin/python3", workspace.ReadLog(id, "hello"));
        Assert.Contains("not found", workspace.ReadLog(id, "hello"));
        var status = workspace.Pit("status", id);
        var row = PrintedTable.Find(status.Stdout, "task").Row("hello");
        Assert.Equal("failed", row["state"]);
        Assert.Contains("/nonexistent/bin/python3", row["reason"]);
    }

    [Fact]
    public void Custom_runner_that_is_not_executable_fails_with_permission_denied_and_an_executable_one_runs()
    {
        _workspace.Write("projects/tools/pit.toml", """
            [dag]

            [[tasks]]
            name = "denied"
            script = "input.txt"
            runner = "$ ./plain-tool"

            [[tasks]]
            name = "allowed"
            script = "input.txt"
            runner = "$ ./exec-tool --shout"
            """);
        _workspace.Write("projects/tools/input.txt", "some input\n");
        _workspace.Write("projects/tools/plain-tool", "#!/bin/sh\necho should not run\n");
        _workspace.Write("projects/tools/exec-tool", "#!/bin/sh\necho \"tool got $1 $2: $(cat \"$2\")\"\n");
        _workspace.MakeExecutable("projects/tools/exec-tool");

        var result = _workspace.Pit("run", "tools");

        Assert.True(result.ExitCode == 1, result.ToString());
        var id = _workspace.OnlyRunId("tools");
        AssertFailedWithReason(id, "denied", "permission denied: ./plain-tool is not executable");
        Assert.DoesNotContain("should not run", _workspace.ReadLog(id, "denied"));
        Assert.Equal("success", PrintedTable.Find(result.Stdout, "task").Row("allowed")["state"]);
        Assert.Contains("tool got --shout input.txt: some input", _workspace.ReadLog(id, "allowed"));
    }

    [Fact]
    public void Python_task_imports_from_the_projects_src_package()
    {
        _workspace.Write("projects/claims/pit.toml", """
            [dag]

            [[tasks]]
            name = "clean"
            script = "tasks/clean.py"
            """);
        _workspace.Write("projects/claims/src/claims_lib/__init__.py", "");
        _workspace.Write("projects/claims/src/claims_lib/normalize.py", "def shout(text):\n    return text.upper() + '!'\n");
        _workspace.Write("projects/claims/tasks/clean.py", "from claims_lib.normalize import shout\nprint(shout('cleaned'))\n");

        var result = _workspace.Pit("run", "claims");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("CLEANED!", _workspace.ReadLog(_workspace.OnlyRunId("claims"), "clean"));
    }

    [Fact]
    public void Verbose_prints_every_task_output_line_prefixed_with_the_task_name()
    {
        WriteClaimsProject();

        var result = _workspace.Pit("run", "claims_pipeline", "--verbose");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("[extract] extracting", result.Stdout);
        Assert.Contains("[extract] extract warning on stderr", result.Stdout);
        Assert.Contains("[load] loading", result.Stdout);
    }

    [Fact]
    public void Two_runs_of_different_dags_at_once_on_one_workspace_both_succeed()
    {
        // Each task waits until the other DAG's task has started: the two runs must overlap to succeed.
        var shared = Directory.CreateDirectory(_workspace.PathOf("shared")).FullName;
        foreach (var (me, other) in new[] { ("alpha", "beta"), ("beta", "alpha") })
        {
            _workspace.Write($"projects/{me}/pit.toml", $$"""
                [dag]

                [[tasks]]
                name = "meet"
                script = "meet.sh"
                env = { SHARED = "{{shared}}" }
                """);
            _workspace.Write($"projects/{me}/meet.sh", $$"""
                touch "$SHARED/{{me}}.started"
                for i in $(seq 1200); do
                  if [ -f "$SHARED/{{other}}.started" ]; then echo "{{me}} met {{other}}"; exit 0; fi
                  sleep 0.1
                done
                echo "{{other}} never started while {{me}} ran"
                exit 1
                """);
        }

        using var alpha = _workspace.StartPit("run", "alpha");
        using var beta = _workspace.StartPit("run", "beta");
        var alphaResult = alpha.WaitForExit();
        var betaResult = beta.WaitForExit();

        Assert.True(alphaResult.ExitCode == 0, alphaResult.ToString());
        Assert.True(betaResult.ExitCode == 0, betaResult.ToString());
        Assert.Contains("alpha met beta", _workspace.ReadLog(_workspace.OnlyRunId("alpha"), "meet"));
        Assert.Contains("beta met alpha", _workspace.ReadLog(_workspace.OnlyRunId("beta"), "meet"));

        // Both runs reached the shared run history.
        var status = _workspace.Pit("status");
        Assert.True(status.ExitCode == 0, status.ToString());
        var dags = PrintedTable.Find(status.Stdout, "DAG");
        Assert.Equal("success", dags.Row("alpha")["STATE"]);
        Assert.Equal("success", dags.Row("beta")["STATE"]);
    }

    private void AssertFailedWithReason(string runId, string task, string reason)
    {
        Assert.Contains(reason, _workspace.ReadLog(runId, task));
        var status = _workspace.Pit("status", runId);
        Assert.True(status.ExitCode == 0, status.ToString());
        var row = PrintedTable.Find(status.Stdout, "task").Row(task);
        Assert.Equal("failed", row["state"]);
        Assert.Contains(reason, row["reason"]);
    }

    /// <summary>projects/claims/ holding the DAG claims_pipeline: extract → load.</summary>
    private void WriteClaimsProject()
    {
        _workspace.Write("projects/claims/pit.toml", """
            [dag]
            name = "claims_pipeline"

            [[tasks]]
            name = "extract"
            script = "tasks/extract.sh"

            [[tasks]]
            name = "load"
            script = "tasks/load.sh"
            depends_on = ["extract"]
            """);
        _workspace.Write("projects/claims/tasks/extract.sh", "echo extracting\necho 'extract warning on stderr' >&2\n");
        _workspace.Write("projects/claims/tasks/load.sh", "echo loading\n");
    }

    private void WriteEchoProject(string name)
    {
        _workspace.Write($"projects/{name}/pit.toml", """
            [dag]

            [[tasks]]
            name = "echo"
            script = "echo.sh"
            """);
        _workspace.Write($"projects/{name}/echo.sh", "echo hi\n");
    }
}
