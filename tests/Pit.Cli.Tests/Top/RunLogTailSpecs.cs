using System.Net;
using System.Text.Json.Nodes;
using Pit.Cli.Tests.Support;
using Pit.Cli.Top;
using Pit.Server.Control;

namespace Pit.Cli.Tests.Top;

/// <summary>The log pane's feed: <c>run tail</c> of the selected run, over a real control connection to a real <c>pit serve</c>.</summary>
public sealed class RunLogTailSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = TempWorkspace.ForRuns();

    public void Dispose()
    {
        _workspace.Write("release", "");
        _workspace.Dispose();
    }

    /// <summary><c>feed</c>: its task says which run it is, then waits until the spec releases that run; its runs may overlap.</summary>
    private void FeedDag() => _workspace.OneTaskDag("feed",
        $"echo \"line of $PIT_RUN_ID\"\nwhile [ ! -e '{_workspace.PathOf("release")}' ] && [ ! -e \"{_workspace.PathOf("release-")}$PIT_RUN_ID\" ]; do sleep 0.05; done\n",
        "overlap = \"allow\"");

    private static string StartRun(ServedPit pit)
    {
        var reply = pit.Post("/api/dags/feed/trigger");
        Assert.True(reply.Status == HttpStatusCode.Accepted, reply.ToString());
        var runId = reply.Json.GetProperty("run_id").GetString()!;
        pit.WaitForTaskRunning(runId, "work");
        return runId;
    }

    /// <summary>The commands the service is running for its control clients, besides the one asking.</summary>
    private static async Task<int> RunningCommandsAsync(ControlChannel control) =>
        (await control.CallAsync("system uptime"))["control_commands"]!.GetValue<int>() - 1;

    /// <summary>The pane's lines but the attempt heading each task log starts with.</summary>
    private static List<string> Lines(TopLog log) => log.Lines.Where(l => !l.StartsWith("work | === attempt", StringComparison.Ordinal)).ToList();

    [Fact]
    public void Lines_read_as_task_and_line_and_the_end_as_the_runs_state()
    {
        Assert.Equal("extract | read 3 rows", RunLogTail.Line(JsonNode.Parse("""{"task":"extract","line":"read 3 rows"}""")));
        Assert.Equal("— run ended: failed —", RunLogTail.Line(JsonNode.Parse("""{"end":true,"run_id":"r","state":"failed"}""")));
    }

    [Fact]
    public void A_tasks_colours_and_control_characters_do_not_reach_the_screen()
    {
        var line = JsonNode.Parse("""{"task":"load","line":"\u001b[31mred\u001b[0m\tdone\rover \u001b]0;title\u0007x\u0007y"}""");

        Assert.Equal("load | red    done over x y", RunLogTail.Line(line));
    }

    [Fact]
    public async Task Following_a_run_collects_its_lines_until_its_end_and_following_another_stops_the_first_stream_and_starts_afresh()
    {
        FeedDag();
        using var pit = new ServedPit(_workspace);
        var first = StartRun(pit);
        await using var control = await ControlChannel.OpenAsync(_workspace);
        await using var client = await ControlClient.ConnectAsync(ControlAddress.Of(_workspace.Root));
        var changes = 0;
        await using var tail = new RunLogTail(() => Interlocked.Increment(ref changes));

        await tail.FollowAsync(client, first);
        Poll.Until(() => Lines(tail.Current).Count == 1, "the first run's line to arrive");
        Assert.Equal([$"work | line of {first}"], Lines(tail.Current));
        Assert.Equal(1, await RunningCommandsAsync(control));

        var second = StartRun(pit);
        await tail.FollowAsync(client, second);

        Assert.Equal(second, tail.Current.RunId);
        Poll.Until(() => Lines(tail.Current).Count == 1, "the second run's line to arrive");
        Assert.Equal([$"work | line of {second}"], Lines(tail.Current));
        await Poll.UntilAsync(async () => await RunningCommandsAsync(control) == 1, "the first run's tail to stop");
        _workspace.Write($"release-{second}", "");
        Poll.Until(() => Lines(tail.Current).Count == 2, "the second run's end to arrive");
        Assert.Equal([$"work | line of {second}", "— run ended: success —"], Lines(tail.Current));
        Assert.True(changes >= 4, $"{changes} changes");
        Assert.Equal("running", ControlChannel.Text((await control.CallAsync("run show", first))["state"]));
    }

    [Fact]
    public async Task An_error_reply_is_shown_as_a_line_and_the_next_follow_asks_again()
    {
        using var pit = new ServedPit(_workspace);
        await using var client = await ControlClient.ConnectAsync(ControlAddress.Of(_workspace.Root));
        var changes = 0;
        await using var tail = new RunLogTail(() => Interlocked.Increment(ref changes));
        const string unknown = "20250314_093000.125_etl";
        const string error = $"(run tail: no run '{unknown}' in the run history)";

        await tail.FollowAsync(client, unknown);

        Poll.Until(() => Volatile.Read(ref changes) == 2, "the error to arrive");
        Assert.Equal([error], tail.Current.Lines);

        await tail.FollowAsync(client, unknown);
        Poll.Until(() => Volatile.Read(ref changes) == 4, "the tail to be asked for again and refused again");
        Assert.Equal([error], tail.Current.Lines);
    }
}
