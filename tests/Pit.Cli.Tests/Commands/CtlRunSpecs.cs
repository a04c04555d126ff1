using System.Text.Json.Nodes;
using Pit.Cli.Tests.Support;

namespace Pit.Cli.Tests.Commands;

/// <summary>The <c>run</c> palette of the control channel against a real <c>pit serve</c>: listing, showing, following, reading the journal of and cancelling runs.</summary>
public sealed class CtlRunSpecs : IDisposable
{
    private const string Secret = "hunter2-very-secret";

    private readonly TempWorkspace _workspace = TempWorkspace.ForRuns("secrets_dir = \"secrets.toml\"");

    public CtlRunSpecs()
    {
        _workspace.Write("secrets.toml", $"[global]\ndb_password = \"{Secret}\"\n");
        _workspace.OneTaskDag("ok", "echo fine\n");
        _workspace.OneTaskDag("bad", "echo broken\nexit 3\n");
    }

    public void Dispose() => _workspace.Dispose();

    /// <summary>Bash that waits until the test creates <paramref name="file"/> in the workspace.</summary>
    private string WaitFor(string file) => $"while [ ! -e '{_workspace.PathOf(file)}' ]; do sleep 0.05; done\n";

    private void Release(string file) => _workspace.Write(file, "");

    /// <summary>DAG <c>pair</c>: task <c>first</c>, then <c>second</c>, each printing a line, waiting for the test, printing another.</summary>
    private void PairDag()
    {
        _workspace.Write("projects/pair/pit.toml", """
            [dag]

            [[tasks]]
            name = "first"
            script = "tasks/first.sh"

            [[tasks]]
            name = "second"
            script = "tasks/second.sh"
            depends_on = ["first"]
            """);
        _workspace.Write("projects/pair/tasks/first.sh", "echo one\n" + WaitFor("go-1") + "echo two\n");
        _workspace.Write("projects/pair/tasks/second.sh", "echo three\n" + WaitFor("go-2") + "echo four\n");
    }

    private static async Task<string> TriggerAsync(ControlChannel control, string dag, params string[] parameters) =>
        ControlChannel.Text((await control.CallAsync("dag trigger", [dag, .. parameters]))["run_id"])!;

    /// <summary>The task output lines of a tail, as <c>task: line</c>, without the lines Pit writes around each attempt.</summary>
    private static List<string> Lines(IEnumerable<JsonObject> tail) =>
        tail.Where(d => d["line"] is not null && !ControlChannel.Text(d["line"])!.StartsWith("=== attempt", StringComparison.Ordinal))
            .Select(d => $"{ControlChannel.Text(d["task"])}: {ControlChannel.Text(d["line"])}").ToList();

    private static List<JsonObject> Copy(List<JsonObject> list)
    {
        lock (list) return [.. list];
    }

    [Fact]
    public async Task Run_ls_lists_runs_newest_first_by_dag_state_and_count()
    {
        using var pit = new ServedPit(_workspace);
        await using var control = await ControlChannel.OpenAsync(_workspace);
        var first = await TriggerAsync(control, "ok");
        await control.WaitForRunAsync(first, "success");
        var failed = await TriggerAsync(control, "bad");
        await control.WaitForRunAsync(failed, "failed");
        var last = await TriggerAsync(control, "ok");
        await control.WaitForRunAsync(last, "success");

        var all = (await control.CallAsync("run ls")).AsArray();
        Assert.Equal([last, failed, first], all.Select(r => ControlChannel.Text(r!["run_id"])));
        var newest = all[0]!;
        Assert.Equal(("ok", "success", "ctl", 1, 1), (ControlChannel.Text(newest["dag"]), ControlChannel.Text(newest["state"]), ControlChannel.Text(newest["trigger"]),
            newest["tasks_done"]!.GetValue<int>(), newest["tasks_total"]!.GetValue<int>()));
        Assert.True(newest["duration_seconds"]!.GetValue<double>() >= 0);
        Assert.Equal([last, first], (await control.CallAsync("run ls", "--dag", "ok")).AsArray().Select(r => ControlChannel.Text(r!["run_id"])));
        Assert.Equal([failed], (await control.CallAsync("run ls", "--state", "failed")).AsArray().Select(r => ControlChannel.Text(r!["run_id"])));
        Assert.Equal([last], (await control.CallAsync("run ls", "-n", "1")).AsArray().Select(r => ControlChannel.Text(r!["run_id"])));

        var badState = await control.ErrorAsync("run ls", "--state", "done");
        Assert.Equal("bad_args", badState.Code);
        Assert.Equal(["running", "success", "failed", "cancelled", "timed_out"], badState.Known);
        Assert.Equal("bad_args", (await control.ErrorAsync("run ls", "-n", "0")).Code);

        var printed = _workspace.Pit("ctl", "run", "ls", "--dag", "bad");
        Assert.Equal(0, printed.ExitCode);
        Assert.Contains(failed, printed.Stdout);
        Assert.DoesNotContain(first, printed.Stdout);
    }

    [Fact]
    public async Task Run_show_and_run_events_tell_the_run_from_its_journal_with_a_secret_in_a_parameter_masked()
    {
        using var pit = new ServedPit(_workspace);
        await using var control = await ControlChannel.OpenAsync(_workspace);
        var runId = await TriggerAsync(control, "ok", "date=2025-03-14", $"dsn=pg://app:{Secret}@db");
        await control.WaitForRunAsync(runId, "success");

        var show = await control.CallAsync("run show", runId);
        Assert.Equal((runId, "ok", "success", "ctl"), (ControlChannel.Text(show["run_id"]), ControlChannel.Text(show["dag"]),
            ControlChannel.Text(show["state"]), ControlChannel.Text(show["trigger"])));
        Assert.NotNull(show["started"]);
        Assert.NotNull(show["finished"]);
        Assert.Equal("2025-03-14", ControlChannel.Text(show["parameters"]!["date"]));
        Assert.Equal("pg://app:***@db", ControlChannel.Text(show["parameters"]!["dsn"]));
        var task = Assert.Single(show["tasks"]!.AsArray())!;
        Assert.Equal(("work", "success", 1, 0), (ControlChannel.Text(task["name"]), ControlChannel.Text(task["state"]), task["attempts"]!.GetValue<int>(), task["exit_code"]!.GetValue<int>()));

        var events = await control.StreamAsync("run events", runId);
        Assert.Equal(["RunCreated", "TaskStarted", "TaskSucceeded", "RunFinished"], events.Select(e => ControlChannel.Text(e["type"])));
        Assert.Equal([1L, 2L, 3L, 4L], events.Select(e => e["seq"]!.GetValue<long>()));
        Assert.All(events, e => Assert.NotNull(e["at"]));
        Assert.Equal("ctl", ControlChannel.Text(events[0]["trigger"]));
        Assert.Equal("pg://app:***@db", ControlChannel.Text(events[0]["parameters"]!["dsn"]));
        Assert.Equal("success", ControlChannel.Text(events[^1]["status"]));
        Assert.DoesNotContain(Secret, show.ToJsonString() + string.Concat(events.Select(e => e.ToJsonString())));

        foreach (var cmd in new[] { "run show", "run events", "run tail", "run cancel" })
        {
            var unknown = await control.ErrorAsync(cmd, "20250101_000000.000_nope");
            Assert.Equal(("not_found", "no run '20250101_000000.000_nope' in the run history"), (unknown.Code, unknown.Message));
        }
        var printed = _workspace.Pit("ctl", "run", "show", "not-a-run");
        Assert.Equal(1, printed.ExitCode);
        Assert.Contains("no run 'not-a-run' in the run history", printed.Stderr);
    }

    [Fact]
    public async Task Run_tail_follows_every_task_including_one_that_starts_later_and_ends_when_the_run_ends()
    {
        PairDag();
        using var pit = new ServedPit(_workspace);
        await using var control = await ControlChannel.OpenAsync(_workspace);
        var runId = await TriggerAsync(control, "pair");
        pit.WaitForTaskRunning(runId, "first");

        var all = new List<JsonObject>();
        var second = new List<JsonObject>();
        var following = Task.Run(async () =>
        {
            await foreach (var item in control.StreamEachAsync("run tail", runId)) lock (all) all.Add(item);
        });
        var followingSecond = Task.Run(async () =>
        {
            await foreach (var item in control.StreamEachAsync("run tail", runId, "second")) lock (second) second.Add(item);
        });
        Poll.Until(() => Lines(Copy(all)).Contains("first: one"), "the tail to show the line printed before it started");
        Assert.False(following.IsCompleted);

        // Lines printed after the tail started, by a task that started after it too.
        Release("go-1");
        Poll.Until(() => Lines(Copy(all)).Contains("second: three"), "the tail to show the second task's first line");
        Assert.False(following.IsCompleted);
        Release("go-2");
        await following.WaitAsync(ControlChannel.Patience);
        await followingSecond.WaitAsync(ControlChannel.Patience);

        Assert.Equal(["first: one", "first: two", "second: three", "second: four"], Lines(all));
        Assert.Equal(["second: three", "second: four"], Lines(second));
        foreach (var tail in new[] { all, second })
        {
            var end = tail[^1];
            Assert.Equal((true, runId, "success"), (end["end"]!.GetValue<bool>(), ControlChannel.Text(end["run_id"]), ControlChannel.Text(end["state"])));
            Assert.Single(tail, item => item["end"] is not null);
        }

        // A run that already ended: what its logs hold, and its end, at once.
        var again = await control.StreamAsync("run tail", runId, "first");
        Assert.Equal(["first: one", "first: two"], Lines(again));
        Assert.Equal("success", ControlChannel.Text(again[^1]["state"]));

        var unknownTask = await control.ErrorAsync("run tail", runId, "third");
        Assert.Equal("not_found", unknownTask.Code);
        Assert.Equal(["first", "second"], unknownTask.Known);
    }

    [Fact]
    public async Task Run_cancel_stops_a_running_run_and_refuses_one_that_finished()
    {
        _workspace.OneTaskDag("slow", "echo started\n" + WaitFor("never"));
        using var pit = new ServedPit(_workspace);
        await using var control = await ControlChannel.OpenAsync(_workspace);
        var runId = await TriggerAsync(control, "slow");
        pit.WaitForTaskRunning(runId, "work");
        Assert.Contains(runId, (await control.CallAsync("complete", "runs")).AsArray().Select(ControlChannel.Text));
        Assert.Equal([runId], (await control.CallAsync("run ls", "--state", "running")).AsArray().Select(r => ControlChannel.Text(r!["run_id"])));

        var cancelling = await control.CallAsync("run cancel", runId);
        Assert.Equal((runId, "cancelling"), (ControlChannel.Text(cancelling["run_id"]), ControlChannel.Text(cancelling["state"])));
        var cancelled = await control.WaitForRunAsync(runId, "cancelled");
        Assert.Equal("failed", ControlChannel.Text(cancelled["tasks"]![0]!["state"]));

        var again = await control.ErrorAsync("run cancel", runId);
        Assert.Equal("run_finished", again.Code);
        Assert.Equal($"run '{runId}' already finished (cancelled)", again.Message);
        var printed = _workspace.Pit("ctl", "run", "cancel", runId);
        Assert.Equal(1, printed.ExitCode);
        Assert.Contains("already finished (cancelled)", printed.Stderr);
    }
}
