using System.Text.RegularExpressions;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit.Xunit2;
using Pit.Core.Dags;
using Pit.Engine.Runners;
using Pit.Engine.Streams;

namespace Pit.Engine.Tests.Runners;

public sealed class ProcessTaskExecutorSpecs : TestKit
{
    /// <summary>Far longer than any task here takes, far shorter than the <c>sleep 1000</c> a stuck kill would wait for.</summary>
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly TaskSandbox _box = new();
    private readonly IMaterializer _materializer;
    private readonly List<int> _pids = [];

    public ProcessTaskExecutorSpecs()
    {
        _materializer = Sys.Materializer();
    }

    protected override void Dispose(bool disposing)
    {
        _box.Dispose();
        base.Dispose(disposing);
    }

    private Task<TaskOutcome> Run(TaskLaunch launch, ProcessTaskExecutor? executor = null, CancellationToken cancel = default) =>
        (executor ?? new ProcessTaskExecutor(_materializer)).RunAsync(launch, _pids.Add, cancel).WaitAsync(Generous);

    /// <summary>posix_spawn where supported, or the fallback through setsid and env.</summary>
    private ProcessTaskExecutor Executor(bool posixSpawn) =>
        new(_materializer) { UsePosixSpawn = posixSpawn && PosixSpawn.IsSupported };

    [Fact]
    public async Task A_bash_task_succeeds_and_its_log_holds_a_header_its_lines_and_a_footer()
    {
        var launch = _box.Bash("extract", "echo hello\necho 'wide  world'");
        var outcome = await Run(launch);

        Assert.Equal(TaskOutcome.Exited(0), outcome);
        Assert.True(outcome.Succeeded);
        var pid = Assert.Single(_pids);
        Assert.True(pid > 0);
        var lines = TaskSandbox.LogLines(launch);
        Assert.Matches(new Regex(@"^=== attempt 1 of task extract \(run 20261125_100000\.000_claims\) started \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: bash tasks/extract\.sh ===$"), lines[0]);
        Assert.Equal(["hello", "wide  world"], lines[1..^1]);
        Assert.Matches(new Regex(@"^=== attempt 1 of task extract succeeded after \d+\.\d s ===$"), lines[^1]);
    }

    [Fact]
    public async Task A_task_whose_log_cannot_be_opened_is_stopped_and_fails_with_the_reason()
    {
        var blocker = _box.Write("not-a-folder", "a file where the log folder should be");
        var launch = _box.Bash("orphan", "echo $$ > \"$PIT_DATA_DIR/orphan.pid\"\nsleep 1000") with
        {
            LogFile = Path.Combine(blocker, "orphan.log"),
        };

        var outcome = await Run(launch);

        Assert.False(outcome.Succeeded);
        Assert.StartsWith($"cannot open the task log {launch.LogFile}", outcome.Error);
        // The task may be stopped before its shell wrote the pid, even after it created the file.
        var pidFile = Path.Combine(_box.DataDir, "orphan.pid");
        if (File.Exists(pidFile) && File.ReadAllText(pidFile).Trim().Length > 0)
            Assert.True(TaskSandbox.IsDead(_box.ReadPid("orphan.pid")));
    }

    [Fact]
    public async Task A_nonzero_exit_code_is_reported_and_each_attempt_appends_to_the_log()
    {
        var first = _box.Bash("flaky", "echo \"try $PIT_TASK_NAME\"\nexit 3");
        var outcome = await Run(first);
        var second = await Run(first with { Attempt = 2 });

        Assert.Equal(3, outcome.ExitCode);
        Assert.False(outcome.Succeeded);
        Assert.Equal("exit code 3", outcome.Describe());
        Assert.Equal(3, second.ExitCode);
        var lines = TaskSandbox.LogLines(first);
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("=== attempt 1 of task flaky (run ", lines[0]);
        Assert.Equal("try flaky", lines[1]);
        Assert.StartsWith("=== attempt 1 of task flaky failed with exit code 3 after ", lines[2]);
        Assert.StartsWith("=== attempt 2 of task flaky (run ", lines[3]);
        Assert.StartsWith("=== attempt 2 of task flaky failed with exit code 3 after ", lines[5]);
    }

    [Fact]
    public async Task Stderr_is_captured_with_stdout()
    {
        var launch = _box.Bash("both", "echo to-out\necho to-err >&2\nprintf 'crlf\\r\\nno newline at the end' >&2");
        Assert.True((await Run(launch)).Succeeded);
        var lines = TaskSandbox.LogLines(launch);
        Assert.Contains("to-out", lines);
        Assert.Contains("to-err", lines);
        Assert.Contains("crlf", lines);
        Assert.Contains("no newline at the end", lines);
    }

    [Fact]
    public async Task The_task_sees_PIT_variables_its_env_table_the_parent_environment_and_runs_in_the_snapshot()
    {
        var launch = _box.Bash("env", "echo \"run=$PIT_RUN_ID task=$PIT_TASK_NAME dag=$PIT_DAG_NAME data=$PIT_DATA_DIR\"\necho \"greeting=$GREETING\"\necho \"home=$HOME\"\necho \"pwd=$(pwd)\"\nread -r line || echo 'stdin is at end of file'");
        launch = launch with { Environment = new Dictionary<string, string>(launch.Environment) { ["GREETING"] = "hello there" } };
        Assert.True((await Run(launch)).Succeeded);
        var lines = TaskSandbox.LogLines(launch);
        Assert.Contains($"run={TaskSandbox.RunId} task=env dag=claims data={_box.DataDir}", lines);
        Assert.Contains("greeting=hello there", lines);
        Assert.Contains($"home={Environment.GetEnvironmentVariable("HOME")}", lines);
        Assert.Contains($"pwd={_box.Snapshot}", lines);
        Assert.Contains("stdin is at end of file", lines);
    }

    [Fact]
    public async Task A_python_task_imports_from_the_projects_src_folder()
    {
        _box.Write("src/claims_lib/__init__.py", "GREETING = 'hello from src'\n");
        _box.Write("tasks/load.py", "import sys, claims_lib\nprint(claims_lib.GREETING)\nprint('path', ':'.join(p for p in sys.path if p.endswith('/src') or p == '/opt/extra'))\n");
        var launch = _box.Launch(new TaskDefinition { Name = "load", Script = "tasks/load.py", Runner = TaskRunner.Python }) with
        {
            PythonInterpreter = "/usr/bin/python3",
        };
        launch = launch with { Environment = new Dictionary<string, string>(launch.Environment) { ["PYTHONPATH"] = "/opt/extra" } };

        var outcome = await Run(launch);
        var lines = TaskSandbox.LogLines(launch);
        Assert.True(outcome.Succeeded, string.Join('\n', lines));
        Assert.Contains("hello from src", lines);
        Assert.Contains($"path {_box.Snapshot}/src:/opt/extra", lines);
        Assert.EndsWith(": /usr/bin/python3 tasks/load.py ===", lines[0]);
    }

    [Fact]
    public async Task A_custom_runner_passes_quoted_words_as_they_are_without_a_shell()
    {
        _box.Write("tasks/args.txt", "");
        var task = new TaskDefinition
        {
            Name = "custom", Script = "tasks/args.txt",
            Runner = new TaskRunner(RunnerKind.Custom, "bash -c 'echo \"[$1] [$2] [$3]\"; touch pwned' pit \"two words\" ';touch pwned2'"),
        };
        var launch = _box.Launch(task);

        Assert.True((await Run(launch)).Succeeded);
        var lines = TaskSandbox.LogLines(launch);
        Assert.Contains("[two words] [;touch pwned2] [tasks/args.txt]", lines);
        Assert.False(File.Exists(Path.Combine(_box.Snapshot, "pwned2")));
    }

    [Theory]
    [InlineData(RunnerKind.Sql, "sql tasks run inside Pit, not as a process (task report)")]
    [InlineData(RunnerKind.Dbt, "the dbt runner is not available yet in this version of Pit (task report)")]
    public async Task Sql_and_dbt_tasks_are_never_started_as_processes_or_faked(RunnerKind kind, string reason)
    {
        _box.Write("models/report.sql", "select 1");
        var launch = _box.Launch(new TaskDefinition { Name = "report", Script = "models/report.sql", Runner = new TaskRunner(kind) });

        var outcome = await Run(launch);

        Assert.Equal(TaskOutcome.CouldNotStart(reason), outcome);
        Assert.False(outcome.Succeeded);
        Assert.Empty(_pids);
        var lines = TaskSandbox.LogLines(launch);
        Assert.Equal(3, lines.Length);
        Assert.EndsWith($": {kind.ToString().ToLowerInvariant()} models/report.sql ===", lines[0]);
        Assert.Equal("pit: " + reason, lines[1]);
        Assert.StartsWith("=== attempt 1 of task report could not start after ", lines[2]);
    }

    [Fact]
    public async Task A_script_missing_from_the_snapshot_fails_with_that_reason_in_the_log()
    {
        var launch = _box.Launch(new TaskDefinition { Name = "gone", Script = "tasks/gone.sh", Runner = TaskRunner.Bash });
        var outcome = await Run(launch);

        var reason = $"script tasks/gone.sh not found in the run snapshot ({_box.Snapshot}/tasks/gone.sh)";
        Assert.Equal(reason, outcome.Error);
        Assert.Null(outcome.ExitCode);
        Assert.Contains("pit: " + reason, TaskSandbox.LogLines(launch));
    }

    [Fact]
    public async Task A_runner_program_that_is_not_executable_fails_with_permission_denied()
    {
        _box.Write("tool", "#!/bin/sh\necho should not run\n");
        _box.Write("tasks/x.txt", "");
        var launch = _box.Launch(new TaskDefinition { Name = "tool", Script = "tasks/x.txt", Runner = new TaskRunner(RunnerKind.Custom, "./tool") });

        var outcome = await Run(launch);

        Assert.Equal($"permission denied: ./tool is not executable ({_box.Snapshot}/tool)", outcome.Error);
        Assert.Empty(_pids);
        Assert.Contains("pit: " + outcome.Error, TaskSandbox.LogLines(launch));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_program_the_kernel_cannot_execute_is_a_start_failure_not_an_exit_code(bool posixSpawn)
    {
        _box.Write("tool", "#!/nonexistent/interpreter\n", executable: true);
        _box.Write("tasks/x.txt", "");
        var launch = _box.Launch(new TaskDefinition { Name = "tool", Script = "tasks/x.txt", Runner = new TaskRunner(RunnerKind.Custom, "./tool") });

        var outcome = await Run(launch, Executor(posixSpawn));

        var lines = TaskSandbox.LogLines(launch);
        Assert.True(outcome.ExitCode is null, string.Join('\n', lines));
        Assert.Equal($"could not start: failed to execute {_box.Snapshot}/tool: No such file or directory", outcome.Error);
        Assert.Contains(lines, line => line.Contains($"{_box.Snapshot}/tool") && line.EndsWith(": No such file or directory", StringComparison.Ordinal));
        Assert.StartsWith("=== attempt 1 of task tool could not start after ", lines[^1]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_task_gets_the_default_SIGPIPE_disposition_that_dotnet_itself_ignores(bool posixSpawn)
    {
        var launch = _box.Bash("pipes", "grep SigIgn /proc/self/status\nyes | head -n 1");
        Assert.True((await Run(launch, Executor(posixSpawn))).Succeeded);
        var lines = TaskSandbox.LogLines(launch);
        const ulong sigpipe = 1UL << (13 - 1);
        var ignored = IgnoredSignals(Assert.Single(lines, line => line.StartsWith("SigIgn:", StringComparison.Ordinal)));
        Assert.Equal(0UL, ignored & sigpipe);
        // Nothing else changes: what Pit ignores (besides SIGPIPE) the task inherits, as from a shell.
        Assert.Equal(IgnoredSignals(File.ReadLines("/proc/self/status").Single(line => line.StartsWith("SigIgn:", StringComparison.Ordinal))) & ~sigpipe, ignored);
        Assert.Equal(["y"], lines[1..^1].Where(line => !line.StartsWith("SigIgn:", StringComparison.Ordinal) && !line.StartsWith("pit: ", StringComparison.Ordinal)));
    }

    private static ulong IgnoredSignals(string statusLine) => Convert.ToUInt64(statusLine["SigIgn:".Length..].Trim(), 16);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_executable_without_a_shebang_line_is_run_by_sh_as_execvp_would(bool posixSpawn)
    {
        _box.Write("tool", "echo \"sh ran $(basename \"$0\") with $1\"\n", executable: true);
        _box.Write("tasks/x.txt", "");
        var launch = _box.Launch(new TaskDefinition { Name = "tool", Script = "tasks/x.txt", Runner = new TaskRunner(RunnerKind.Custom, "./tool") });

        var outcome = await Run(launch, Executor(posixSpawn));

        var lines = TaskSandbox.LogLines(launch);
        Assert.True(outcome.Succeeded, string.Join('\n', lines));
        Assert.Contains("sh ran tool with tasks/x.txt", lines);
    }

    [Fact]
    public async Task When_the_program_cannot_be_spawned_at_all_the_reason_is_the_error_and_is_logged()
    {
        var launch = _box.Bash("spawn", "echo never");
        var executor = new ProcessTaskExecutor(_materializer) { UsePosixSpawn = false, SetsidPath = "/nonexistent/setsid" };

        var outcome = await Run(launch, executor);

        Assert.NotNull(outcome.Error);
        Assert.StartsWith("could not start bash tasks/spawn.sh: ", outcome.Error);
        Assert.Contains("No such file or directory", outcome.Error);
        Assert.Contains("pit: " + outcome.Error, TaskSandbox.LogLines(launch));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_task_leads_its_own_process_group_and_the_reported_pid_is_the_group_id(bool posixSpawn)
    {
        var launch = _box.Bash("group", "echo \"pid=$$ pgid=$(cut -d' ' -f5 /proc/$$/stat) sid=$(cut -d' ' -f6 /proc/$$/stat)\"");
        Assert.True((await Run(launch, Executor(posixSpawn))).Succeeded);
        var pid = Assert.Single(_pids);
        Assert.Contains($"pid={pid} pgid={pid} sid={pid}", TaskSandbox.LogLines(launch));
    }

    [Fact]
    public async Task Without_setsid_the_task_runs_directly_and_the_log_says_so()
    {
        var launch = _box.Bash("direct", "echo \"pid=$$ pgid=$(cut -d' ' -f5 /proc/$$/stat)\"");
        var outcome = await Run(launch, new ProcessTaskExecutor(_materializer) { UsePosixSpawn = false, SetsidPath = null });

        Assert.True(outcome.Succeeded);
        var pid = Assert.Single(_pids);
        var lines = TaskSandbox.LogLines(launch);
        Assert.Contains(lines, line => line.StartsWith("pit: setsid not found", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("pit: started through setsid and env: ", StringComparison.Ordinal));
        var reported = Assert.Single(lines, line => line.StartsWith("pid=", StringComparison.Ordinal));
        Assert.StartsWith($"pid={pid} pgid=", reported);
        Assert.NotEqual($"pid={pid} pgid={pid}", reported);
    }

    [Theory]
    [InlineData("sleep 1000 &\necho $! > \"$PIT_DATA_DIR/child.pid\"\nwait", true)]
    [InlineData("bash -c 'echo $$ > \"$PIT_DATA_DIR/child.pid\"; sleep 1000'", true)]
    [InlineData("sleep 1000 &\necho $! > \"$PIT_DATA_DIR/child.pid\"\nwait", false)]
    public async Task A_timeout_kills_the_whole_process_group_and_the_outcome_comes_back(string body, bool posixSpawn)
    {
        var launch = _box.Bash("slow", $"echo started\n{body}") with { Timeout = TimeSpan.FromSeconds(2) };

        var outcome = await Run(launch, Executor(posixSpawn));

        Assert.True(outcome.TimedOut);
        Assert.Null(outcome.ExitCode);
        Assert.Equal("timed out", outcome.Describe());
        Assert.True(TaskSandbox.DiesSoon(_box.ReadPid("child.pid")));
        var lines = TaskSandbox.LogLines(launch);
        Assert.Contains("started", lines);
        Assert.Contains("pit: timed out after 2s; sending SIGTERM to the task's process group", lines);
        Assert.StartsWith("=== attempt 1 of task slow timed out after ", lines[^1]);
    }

    [Fact]
    public async Task A_group_that_ignores_SIGTERM_gets_SIGKILL_after_the_grace_period()
    {
        var launch = _box.Bash("stubborn", "trap '' TERM\nsleep 1000 &\necho $! > \"$PIT_DATA_DIR/child.pid\"\nwait") with
        {
            Timeout = TimeSpan.FromSeconds(1),
            KillGrace = TimeSpan.FromSeconds(1),
        };

        var outcome = await Run(launch);

        Assert.True(outcome.TimedOut);
        Assert.True(TaskSandbox.IsDead(_box.ReadPid("child.pid")));
        Assert.True(TaskSandbox.IsDead(Assert.Single(_pids)));
        Assert.Contains("pit: still running 1s after SIGTERM; sending SIGKILL", TaskSandbox.LogLines(launch));
    }

    [Fact]
    public async Task Cancelling_kills_the_task_and_reports_it_cancelled()
    {
        using var live = new LiveLog(_materializer);
        var ready = live.Subscribe().Where(line => line.Line == "ready").RunWith(Sink.First<TaskLogLine>(), _materializer);
        var launch = _box.Bash("endless", "sleep 1000 &\necho $! > \"$PIT_DATA_DIR/child.pid\"\nwhile true; do echo ready; sleep 0.1; done");
        using var cancel = new CancellationTokenSource();

        var running = Run(launch, new ProcessTaskExecutor(_materializer, live), cancel.Token);
        await ready.WaitAsync(Generous);
        await cancel.CancelAsync();
        var outcome = await running;

        Assert.True(outcome.Cancelled);
        Assert.False(outcome.TimedOut);
        Assert.Null(outcome.ExitCode);
        Assert.Equal("cancelled", outcome.Describe());
        Assert.True(TaskSandbox.IsDead(_box.ReadPid("child.pid")));
        var lines = TaskSandbox.LogLines(launch);
        Assert.Contains("pit: cancelled; sending SIGTERM to the task's process group", lines);
        Assert.StartsWith("=== attempt 1 of task endless was cancelled after ", lines[^1]);
    }

    [Fact]
    public async Task Processes_left_behind_in_the_group_are_terminated_when_the_task_exits()
    {
        var launch = _box.Bash("leaky", "sleep 1000 &\necho $! > \"$PIT_DATA_DIR/child.pid\"\necho done");

        var outcome = await Run(launch);

        Assert.True(outcome.Succeeded);
        Assert.True(TaskSandbox.IsDead(_box.ReadPid("child.pid")));
        var lines = TaskSandbox.LogLines(launch);
        Assert.Contains("done", lines);
        Assert.Contains("pit: the task's main process has exited but left processes in its group; sending them SIGTERM", lines);
    }

    [Fact]
    public async Task Output_held_open_by_a_process_outside_the_group_is_closed_after_the_drain_window()
    {
        // The escapee writes its pid only once it has its own session, so the task cannot end before it escaped.
        var launch = _box.Bash("escape",
            "setsid bash -c 'echo $$ > \"$PIT_DATA_DIR/child.pid\"; exec sleep 1000' &\n" +
            "while [ ! -s \"$PIT_DATA_DIR/child.pid\" ]; do sleep 0.01; done\necho done");
        var executor = new ProcessTaskExecutor(_materializer) { DrainWindow = TimeSpan.FromMilliseconds(300) };
        try
        {
            var outcome = await Run(launch, executor);

            Assert.True(outcome.Succeeded);
            var lines = TaskSandbox.LogLines(launch);
            Assert.Contains("done", lines);
            Assert.Contains("pit: the task's output was still open 300ms after it ended (held by a process outside its group); closing it", lines);
            Assert.StartsWith("=== attempt 1 of task escape succeeded after ", lines[^1]);
        }
        finally
        {
            if (File.Exists(Path.Combine(_box.DataDir, "child.pid")))
                Libc.Kill(_box.ReadPid("child.pid"), Libc.SIGKILL);
        }
    }

    [Fact]
    public async Task A_failing_onStarted_callback_stops_the_task_and_reaches_the_caller()
    {
        var launch = _box.Bash("callback", "sleep 1000");
        var pid = 0;
        var executor = new ProcessTaskExecutor(_materializer);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => executor.RunAsync(launch, started =>
        {
            pid = started;
            throw new InvalidOperationException("the actor is gone");
        }, CancellationToken.None).WaitAsync(Generous));

        Assert.Equal("the actor is gone", error.Message);
        Assert.True(TaskSandbox.IsDead(pid));
        var lines = TaskSandbox.LogLines(launch);
        Assert.Contains("pit: stopping the task: the actor is gone", lines);
        Assert.StartsWith("=== attempt 1 of task callback failed with exit code 137 after ", lines[^1]);
    }

    [Fact]
    public async Task A_live_viewer_sees_the_lines_of_a_running_task()
    {
        using var live = new LiveLog(_materializer);
        var seen = live.Subscribe().Where(line => line.Line.StartsWith("tick", StringComparison.Ordinal)).Take(3)
            .RunWith(Sink.Seq<TaskLogLine>(), _materializer);
        var launch = _box.Bash("ticker", "i=0\nwhile [ ! -e \"$PIT_DATA_DIR/stop\" ]; do i=$((i+1)); echo \"tick $i\"; sleep 0.05; done\necho bye");

        var running = Run(launch, new ProcessTaskExecutor(_materializer, live));
        var lines = await seen.WaitAsync(Generous);
        await File.WriteAllTextAsync(Path.Combine(_box.DataDir, "stop"), "");
        var outcome = await running;

        Assert.True(outcome.Succeeded);
        Assert.Equal(3, lines.Count);
        Assert.All(lines, line =>
        {
            Assert.Equal(TaskSandbox.RunId, line.RunId);
            Assert.Equal("ticker", line.Task);
            Assert.Equal(1, line.Attempt);
        });
        var numbers = lines.Select(line => int.Parse(line.Line["tick ".Length..])).ToList();
        Assert.Equal(Enumerable.Range(numbers[0], 3), numbers);
        Assert.Contains(lines[0].Line, TaskSandbox.LogLines(launch));
    }
}
