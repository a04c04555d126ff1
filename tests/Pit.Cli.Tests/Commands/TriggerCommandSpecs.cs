using Pit.Cli.Tests.Support;

namespace Pit.Cli.Tests.Commands;

/// <summary><c>pit trigger</c> and <c>pit cancel</c> on the real binary, against a real <c>pit serve</c> (or none).</summary>
public sealed class TriggerCommandSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = TempWorkspace.ForRuns();

    public TriggerCommandSpecs()
    {
        _workspace.OneTaskDag("ok", "echo \"run $PIT_RUN_ID\"\n");
        _workspace.OneTaskDag("bad", "echo broken\nexit 3\n");
    }

    public void Dispose() => _workspace.Dispose();

    private string WaitFor(string file) => $"while [ ! -e '{_workspace.PathOf(file)}' ]; do sleep 0.05; done\n";

    private static string OnlyLine(string stdout) => Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void Trigger_prints_the_run_id_of_a_run_recorded_as_ctl_with_its_parameters()
    {
        using var pit = new ServedPit(_workspace);

        var result = _workspace.Pit("trigger", "ok", "date=2025-03-14", "region=eu");

        Assert.True(result.ExitCode == 0, result.ToString());
        var runId = OnlyLine(result.Stdout);
        var run = pit.WaitForRun(runId, "success");
        Assert.Equal("ctl", run.GetProperty("trigger").GetString());
        Assert.Equal("2025-03-14", run.GetProperty("parameters").GetProperty("date").GetString());
        Assert.Equal("eu", run.GetProperty("parameters").GetProperty("region").GetString());
    }

    [Fact]
    public void Trigger_wait_exits_0_when_the_run_succeeds_and_1_when_it_fails()
    {
        using var pit = new ServedPit(_workspace);

        var succeeded = _workspace.Pit("trigger", "ok", "--wait", "--verbose");
        var failed = _workspace.Pit("trigger", "bad", "--wait");

        Assert.True(succeeded.ExitCode == 0, succeeded.ToString());
        var runId = succeeded.Stdout.Split('\n')[0];
        Assert.Contains($"[work] run {runId}\n", succeeded.Stdout);
        Assert.Contains($"run {runId} success in ", succeeded.Stdout);
        Assert.Matches(@"work\s+success\s+1\s+\S+s\s+0", succeeded.Stdout);
        Assert.True(failed.ExitCode == 1, failed.ToString());
        var failedId = failed.Stdout.Split('\n')[0];
        Assert.Contains($"run {failedId} failed in ", failed.Stdout);
        Assert.Matches(@"work\s+failed\s+1\s+\S+s\s+3", failed.Stdout);
        // Without --verbose, no task output.
        Assert.DoesNotContain("broken", failed.Stdout);
        Assert.Equal("failed", pit.WaitForRun(failedId, "failed").GetProperty("state").GetString());
    }

    [Fact]
    public void A_queued_trigger_prints_its_place_in_line_and_with_wait_exits_1_without_waiting()
    {
        _workspace.OneTaskDag("queue", WaitFor("go"), "overlap = \"queue\"");
        using var pit = new ServedPit(_workspace);
        var first = _workspace.Pit("trigger", "queue");
        Assert.True(first.ExitCode == 0, first.ToString());

        var queued = _workspace.Pit("trigger", "queue");
        var waited = _workspace.Pit("trigger", "queue", "--wait");

        Assert.True(queued.ExitCode == 0, queued.ToString());
        Assert.Contains("queued: the trigger of queue waits in line (position 1)", queued.Stdout);
        Assert.Equal(1, waited.ExitCode);
        Assert.Contains("(position 2)", waited.Stdout);
        Assert.Contains("--wait does not follow a queued trigger", waited.Stderr);
        _workspace.Write("go", "");
        pit.WaitForRun(OnlyLine(first.Stdout), "success");
    }

    [Fact]
    public void Bad_input_exits_2_and_a_refused_trigger_1()
    {
        _workspace.OneTaskDag("busy", WaitFor("go"));
        using var pit = new ServedPit(_workspace);

        var unknown = _workspace.Pit("trigger", "nope");
        var notKeyValue = _workspace.Pit("trigger", "ok", "oops");
        var running = _workspace.Pit("trigger", "busy");
        var overlap = _workspace.Pit("trigger", "busy");

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown DAG 'nope'; known DAGs: bad, busy, ok", unknown.Stderr);
        Assert.Equal(2, notKeyValue.ExitCode);
        Assert.Contains("'oops' is not a parameter: write key=value", notKeyValue.Stderr);
        Assert.True(running.ExitCode == 0, running.ToString());
        Assert.Equal(1, overlap.ExitCode);
        Assert.Contains("overlap = skip drops this trigger", overlap.Stderr);
        _workspace.Write("go", "");
        pit.WaitForRun(OnlyLine(running.Stdout), "success");
    }

    [Fact]
    public void Cancel_stops_a_running_run_and_refuses_a_finished_one()
    {
        _workspace.OneTaskDag("slow", "echo started\n" + WaitFor("never"));
        using var pit = new ServedPit(_workspace);
        var runId = OnlyLine(_workspace.Pit("trigger", "slow").Stdout);
        pit.WaitForTaskRunning(runId, "work");

        var cancelled = _workspace.Pit("cancel", runId);

        Assert.True(cancelled.ExitCode == 0, cancelled.ToString());
        Assert.Contains($"run {runId}: cancelling", cancelled.Stdout);
        Assert.Equal("cancelled", pit.WaitForRun(runId, "cancelled").GetProperty("state").GetString());
        var again = _workspace.Pit("cancel", runId);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains($"run '{runId}' already finished (cancelled)", again.Stderr);
        var unknown = _workspace.Pit("cancel", "20250101_000000.000_nope");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no run '20250101_000000.000_nope' in the run history", unknown.Stderr);
    }

    [Fact]
    public void Without_a_service_trigger_and_cancel_exit_3_saying_where_they_looked()
    {
        var trigger = _workspace.Pit("trigger", "ok", "--wait");
        var cancel = _workspace.Pit("cancel", "20250101_000000.000_ok");

        foreach (var result in new[] { trigger, cancel })
        {
            Assert.Equal(3, result.ExitCode);
            Assert.Contains($"no pit serve answers at {_workspace.PathOf(".pit", "control.sock")}", result.Stderr);
        }
        Assert.Empty(_workspace.RunIds("ok"));
    }
}
