using System.Globalization;
using System.Text.Json.Nodes;
using Pit.Cli.Tests.Support;

namespace Pit.Cli.Tests.Commands;

/// <summary>
/// The <c>dag</c> and <c>scheduler</c> palettes of the control channel against a real <c>pit serve</c>:
/// through <c>pit ctl</c> and through the socket itself.
/// </summary>
public sealed class CtlDagSpecs : IDisposable
{
    /// <summary>Midnight on 1 January: never fires while a test runs.</summary>
    private const string Yearly = "0 0 1 1 *";

    private readonly TempWorkspace _workspace = TempWorkspace.ForRuns("[pools]\ndb = 2");

    public CtlDagSpecs()
    {
        _workspace.OneTaskDag("adhoc", "echo adhoc\n");
        _workspace.OneTaskDag("yearly", "echo yearly\n", $"schedule = \"{Yearly}\"\ntimezone = \"Europe/London\"");
    }

    public void Dispose() => _workspace.Dispose();

    /// <summary>A one-task DAG whose task (in pool db) waits until the test creates <paramref name="file"/>.</summary>
    private void BlockingDag(string name, string file, string dagLines)
    {
        _workspace.Write($"projects/{name}/pit.toml", $"""
            [dag]
            {dagLines}

            [[tasks]]
            name = "work"
            script = "tasks/work.sh"
            pool = "db"
            """);
        _workspace.Write($"projects/{name}/tasks/work.sh", $"while [ ! -e '{_workspace.PathOf(file)}' ]; do sleep 0.05; done\necho released\n");
    }

    private PitResult Ctl(params string[] words) => _workspace.Pit(["ctl", "--json", .. words]);

    private static JsonNode Json(PitResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.Stdout)!;
    }

    private static JsonObject Row(JsonNode list, string dag) =>
        list.AsArray().Select(item => item!.AsObject()).Single(item => ControlChannel.Text(item["dag"]) == dag);

    [Fact]
    public async Task Dag_ls_lists_every_dag_with_its_schedule_and_last_run_and_shows_a_pause_until_it_is_resumed()
    {
        using var pit = new ServedPit(_workspace);
        await using var control = await ControlChannel.OpenAsync(_workspace);

        var before = Json(Ctl("dag", "ls"));
        Assert.Equal(["adhoc", "yearly"], before.AsArray().Select(d => ControlChannel.Text(d!["dag"])));
        var yearly = Row(before, "yearly");
        Assert.Equal(Yearly, ControlChannel.Text(yearly["schedule"]));
        Assert.Equal(1, DateTimeOffset.Parse(ControlChannel.Text(yearly["next_fire"])!, CultureInfo.InvariantCulture).Month);
        Assert.False(yearly["paused"]!.GetValue<bool>());
        Assert.Null(Row(before, "adhoc")["next_fire"]);
        Assert.Null(Row(before, "adhoc")["last_run"]);

        var runId = ControlChannel.Text((await control.CallAsync("dag trigger", "adhoc"))["run_id"])!;
        await control.WaitForRunAsync(runId, "success");
        var ran = Row(await control.CallAsync("dag ls"), "adhoc");
        Assert.Equal((runId, "success", 0, 0), (ControlChannel.Text(ran["last_run"]), ControlChannel.Text(ran["last_state"]),
            ran["active_runs"]!.GetValue<int>(), ran["queued"]!.GetValue<int>()));

        var paused = Json(Ctl("dag", "pause", "yearly"));
        Assert.Equal(("yearly", true, true), (ControlChannel.Text(paused["dag"]), paused["paused"]!.GetValue<bool>(), paused["changed"]!.GetValue<bool>()));
        Assert.False((await control.CallAsync("dag pause", "yearly"))["changed"]!.GetValue<bool>());
        Assert.True(Row(await control.CallAsync("dag ls"), "yearly")["paused"]!.GetValue<bool>());
        Assert.Equal(["yearly"], (await control.CallAsync("scheduler show"))["paused"]!.AsArray().Select(ControlChannel.Text));

        var resumed = await control.CallAsync("dag resume", "yearly");
        Assert.Equal((false, true), (resumed["paused"]!.GetValue<bool>(), resumed["changed"]!.GetValue<bool>()));
        Assert.False(Row(Json(Ctl("dag", "ls")), "yearly")["paused"]!.GetValue<bool>());
        Assert.Equal(["adhoc", "yearly"], (await control.CallAsync("complete", "dags")).AsArray().Select(ControlChannel.Text));
    }

    [Fact]
    public async Task Dag_next_gives_as_many_increasing_fire_times_as_asked_and_none_without_a_schedule()
    {
        using var pit = new ServedPit(_workspace);
        await using var control = await ControlChannel.OpenAsync(_workspace);

        var next = Json(Ctl("dag", "next", "yearly", "-n", "3"));
        Assert.Equal(("yearly", Yearly, "Europe/London", false), (ControlChannel.Text(next["dag"]), ControlChannel.Text(next["schedule"]),
            ControlChannel.Text(next["timezone"]), next["paused"]!.GetValue<bool>()));
        var times = next["next"]!.AsArray().Select(t => DateTimeOffset.Parse(ControlChannel.Text(t)!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3, times.Count);
        Assert.True(times[0] > DateTimeOffset.UtcNow && times[0] < times[1] && times[1] < times[2], string.Join(", ", times));
        // Midnight in London on 1 January is midnight UTC.
        Assert.All(times, t => Assert.Equal((1, 1, 0, TimeSpan.Zero), (t.Month, t.Day, t.Hour, t.Offset)));
        Assert.Equal(5, (await control.CallAsync("dag next", "yearly"))["next"]!.AsArray().Count);

        var adhoc = await control.CallAsync("dag next", "adhoc", "-n", "3");
        Assert.Null(adhoc["schedule"]);
        Assert.Empty(adhoc["next"]!.AsArray());

        var tooMany = await control.ErrorAsync("dag next", "yearly", "-n", "0");
        Assert.Equal("bad_args", tooMany.Code);
        Assert.Contains("count must be a whole number from 1 to 100, got '0'", tooMany.Message);
    }

    [Fact]
    public async Task An_unknown_dag_is_not_found_naming_the_known_dags_for_every_dag_command()
    {
        using var pit = new ServedPit(_workspace);
        await using var control = await ControlChannel.OpenAsync(_workspace);

        foreach (var cmd in new[] { "dag trigger", "dag pause", "dag resume", "dag next" })
        {
            var error = await control.ErrorAsync(cmd, "nope");
            Assert.Equal("not_found", error.Code);
            Assert.Equal("unknown DAG 'nope'; known DAGs: adhoc, yearly", error.Message);
            Assert.Equal(["adhoc", "yearly"], error.Known);
        }

        var printed = _workspace.Pit("ctl", "dag", "trigger", "nope");
        Assert.Equal(1, printed.ExitCode);
        Assert.Contains("unknown DAG 'nope'; known DAGs: adhoc, yearly", printed.Stderr);
    }

    [Fact]
    public async Task Bad_arguments_are_refused_with_what_the_command_takes()
    {
        using var pit = new ServedPit(_workspace);
        await using var control = await ControlChannel.OpenAsync(_workspace);

        var notKeyValue = await control.ErrorAsync("dag trigger", "adhoc", "date=2025-03-14", "oops");
        Assert.Equal("bad_args", notKeyValue.Code);
        Assert.Contains("'oops' is not a parameter: write key=value", notKeyValue.Message);
        Assert.Equal("bad_args", (await control.ErrorAsync("dag trigger", "adhoc", "a=1", "a=2")).Code);
        Assert.Equal("bad_args", (await control.ErrorAsync("dag trigger")).Code);
        var unknownOption = await control.ErrorAsync("dag ls", "--fast");
        Assert.Equal("bad_args", unknownOption.Code);
        Assert.Contains("dag ls: unknown option '--fast'", unknownOption.Message);
        // Nothing was started by any of them.
        Assert.Empty((await control.CallAsync("run ls")).AsArray());
    }

    [Fact]
    public async Task Scheduler_show_has_the_timers_queues_pools_and_active_runs_and_a_busy_dag_refuses_or_queues_a_trigger()
    {
        BlockingDag("queued", "go-queued", "overlap = \"queue\"");
        BlockingDag("skipped", "go-skipped", "");
        using var pit = new ServedPit(_workspace);
        await using var control = await ControlChannel.OpenAsync(_workspace);

        var first = ControlChannel.Text((await control.CallAsync("dag trigger", "queued", "n=1"))["run_id"])!;
        var skipped = ControlChannel.Text((await control.CallAsync("dag trigger", "skipped"))["run_id"])!;
        Assert.Equal(1, (await control.CallAsync("dag trigger", "queued", "n=2"))["queued"]!.GetValue<int>());
        var overlap = await control.ErrorAsync("dag trigger", "skipped");
        Assert.Equal("overlap", overlap.Code);
        Assert.Contains("overlap = skip drops this trigger", overlap.Message);
        pit.WaitForTaskRunning(first, "work");
        pit.WaitForTaskRunning(skipped, "work");

        var show = Json(Ctl("scheduler", "show"));
        Assert.Equal(2, show["active_runs"]!.GetValue<int>());
        Assert.Equal(["yearly"], show["timers"]!.AsArray().Select(t => ControlChannel.Text(t!["dag"])));
        var queue = Assert.Single(show["queues"]!.AsArray())!;
        Assert.Equal(("queued", 1), (ControlChannel.Text(queue["dag"]), queue["queued"]!.GetValue<int>()));
        var pool = Assert.Single(show["pools"]!.AsArray())!;
        Assert.Equal(("db", 2, 2, 0), (ControlChannel.Text(pool["name"]), pool["size"]!.GetValue<int>(), pool["used"]!.GetValue<int>(), pool["waiting"]!.GetValue<int>()));
        Assert.Empty(show["paused"]!.AsArray());

        _workspace.Write("go-queued", "");
        _workspace.Write("go-skipped", "");
        await control.WaitForRunAsync(first, "success");
        // The queued trigger becomes a run once the first one ends.
        var runs = await control.WaitForAsync(answer => answer.AsArray().Count == 2, "run ls", "--dag", "queued");
        Assert.All(runs.AsArray(), run => Assert.Equal("ctl", ControlChannel.Text(run!["trigger"])));
    }
}
