using System.Diagnostics;
using Akka.Streams;
using Akka.TestKit.Xunit2;
using Pit.Core.Dags;
using Pit.Engine.Runners;

namespace Pit.Engine.Tests.Runners;

/// <summary>What starting tasks with posix_spawn adds to the <see cref="ProcessTaskExecutorSpecs"/>, which cover both ways.</summary>
public sealed class PosixSpawnSpecs : TestKit
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly TaskSandbox _box = new();
    private readonly ProcessTaskExecutor _executor;
    private readonly List<int> _pids = [];

    public PosixSpawnSpecs()
    {
        _executor = new ProcessTaskExecutor(Sys.Materializer()) { UsePosixSpawn = true };
    }

    protected override void Dispose(bool disposing)
    {
        _box.Dispose();
        base.Dispose(disposing);
    }

    private Task<TaskOutcome> Run(TaskLaunch launch) => _executor.RunAsync(launch, _pids.Add, CancellationToken.None).WaitAsync(Generous);

    private static TaskLaunch WithVariable(TaskLaunch launch, string name, string value) =>
        launch with { Environment = new Dictionary<string, string>(launch.Environment) { [name] = value } };

    [Fact]
    public void Is_what_the_executor_uses_by_default_here()
    {
        Assert.True(new ProcessTaskExecutor(Sys.Materializer()).UsePosixSpawn);
    }

    [Fact]
    public async Task A_task_killed_by_a_signal_reports_128_plus_the_signal_and_the_log_names_it()
    {
        var launch = _box.Bash("killed", "echo before\nkill -KILL $$");

        var outcome = await Run(launch);

        Assert.Equal(TaskOutcome.Exited(137), outcome);
        var lines = TaskSandbox.LogLines(launch);
        Assert.Contains("before", lines);
        Assert.Contains("pit: the task's main process was killed by signal 9 (SIGKILL); reporting exit code 137", lines);
        Assert.StartsWith("=== attempt 1 of task killed failed with exit code 137 after ", lines[^1]);
    }

    [Fact]
    public async Task Arguments_and_variables_reach_the_task_as_UTF8()
    {
        _box.Write("tasks/x.txt", "");
        var task = new TaskDefinition
        {
            Name = "utf8", Script = "tasks/x.txt",
            Runner = new TaskRunner(RunnerKind.Custom, "bash -c 'echo \"[$1] [$GREETING] [$2]\"' pit 'héllo wörld'"),
        };
        var launch = WithVariable(_box.Launch(task), "GREETING", "grüße 日本");

        Assert.True((await Run(launch)).Succeeded);
        Assert.Contains("[héllo wörld] [grüße 日本] [tasks/x.txt]", TaskSandbox.LogLines(launch));
    }

    [Fact]
    public async Task When_posix_spawn_fails_the_reason_is_the_error_and_is_logged()
    {
        // One string longer than the kernel takes (MAX_ARG_STRLEN, 128 KiB): execve fails with E2BIG.
        var launch = WithVariable(_box.Bash("huge", "echo never"), "HUGE", new string('x', 200_000));
        Assert.True(TaskCommand.TryCreate(launch, out var command, out _));

        var outcome = await Run(launch);

        Assert.Equal(TaskOutcome.CouldNotStart($"could not start: failed to execute {command.Program}: Argument list too long"), outcome);
        Assert.Empty(_pids);
        var lines = TaskSandbox.LogLines(launch);
        Assert.Equal("pit: " + outcome.Error, lines[1]);
        Assert.StartsWith("=== attempt 1 of task huge could not start after ", lines[^1]);
    }

    [Fact]
    public async Task A_missing_working_directory_is_named_as_the_reason()
    {
        var launch = _box.Launch(new TaskDefinition { Name = "nowhere", Runner = new TaskRunner(RunnerKind.Custom, "true") }) with
        {
            SnapshotDir = Path.Combine(_box.Root, "gone"),
        };

        var outcome = await Run(launch);

        Assert.Equal($"could not start true: working directory {_box.Root}/gone: No such file or directory", outcome.Error);
        Assert.Empty(_pids);
    }

    [Fact]
    public async Task A_NUL_character_in_a_variable_is_refused_instead_of_cutting_the_value()
    {
        var launch = WithVariable(_box.Bash("nul", "echo never"), "BROKEN", "a\0b");

        var outcome = await Run(launch);

        Assert.Equal("could not start bash tasks/nul.sh: an argument or environment variable contains a NUL character", outcome.Error);
        Assert.Empty(_pids);
    }

    [Fact]
    public async Task Exit_codes_stay_right_while_other_code_starts_processes_with_System_Diagnostics_Process()
    {
        // .NET's SIGCHLD handler reaps the children Process started; the tasks' statuses must stay Pit's to collect.
        using var stop = new CancellationTokenSource();
        var others = Task.Run(() =>
        {
            var runs = 0;
            while (!stop.IsCancellationRequested || runs < 20)
            {
                using var other = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "exit 3"]) { RedirectStandardOutput = true })!;
                other.WaitForExit();
                Assert.Equal(3, other.ExitCode);
                runs++;
            }
        });
        var launches = Enumerable.Range(0, 24).Select(i => _box.Bash($"code{i}", $"exit {i}")).ToList();

        var outcomes = await Task.WhenAll(launches.Select(Run));
        await stop.CancelAsync();
        await others.WaitAsync(Generous);

        Assert.Equal(Enumerable.Range(0, 24).Select(TaskOutcome.Exited), outcomes);
    }
}
