using System.Text.Json.Nodes;
using Pit.Cli.Tests.Support;
using Pit.Cli.Top;
using Pit.Server.Control;

namespace Pit.Cli.Tests.Top;

/// <summary>The log pane's feed: <c>run tail</c> of the selected run, over a real control connection.</summary>
public sealed class RunLogTailSpecs : IAsyncLifetime
{
    private CannedControlService _service = null!;

    public Task InitializeAsync()
    {
        _service = new CannedControlService(Path.Combine(Path.GetTempPath(), $"pit-tail-{Guid.NewGuid():N}"[..20] + ".sock"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

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
    public async Task Following_a_run_collects_its_lines_and_following_another_stops_the_first_stream_and_starts_afresh()
    {
        await using var client = await ControlClient.ConnectAsync(ControlAddress.Parse(_service.SocketPath)!);
        var changes = 0;
        await using var tail = new RunLogTail(() => Interlocked.Increment(ref changes));

        await tail.FollowAsync(client, "20250314_093000.125_etl");
        await _service.Tail.Writer.WriteAsync(JsonNode.Parse("""{"task":"extract","line":"one"}""")!);
        await _service.Tail.Writer.WriteAsync(JsonNode.Parse("""{"end":true,"run_id":"20250314_093000.125_etl","state":"success"}""")!);
        Poll.Until(() => tail.Current.Lines.Count == 2, "the two lines to arrive");
        Assert.Equal(new[] { "extract | one", "— run ended: success —" }, tail.Current.Lines);
        Assert.True(changes >= 2);

        await tail.FollowAsync(client, "20250314_100000.000_etl");

        Assert.Equal(("20250314_100000.000_etl", 0), (tail.Current.RunId, tail.Current.Lines.Count));
        Poll.Until(() => _service.Requests.Count(r => r.StartsWith("run tail", StringComparison.Ordinal)) == 2, "the second tail to be asked for");
        Assert.Equal(["run tail 20250314_093000.125_etl", "run tail 20250314_100000.000_etl"], _service.Requests);
    }

    [Fact]
    public async Task An_error_reply_is_shown_as_a_line_and_the_next_follow_asks_again()
    {
        await using var client = await ControlClient.ConnectAsync(ControlAddress.Parse(_service.SocketPath)!);
        _service.Answer("run tail", argv => throw new CannedError("not_found", $"no run '{argv[0]}'"));
        await using var tail = new RunLogTail(() => { });

        await tail.FollowAsync(client, "20250314_093000.125_etl");

        Poll.Until(() => tail.Current.Lines.Count == 1, "the error to arrive");
        Assert.Equal("(run tail: no run '20250314_093000.125_etl')", tail.Current.Lines[0]);

        await tail.FollowAsync(client, "20250314_093000.125_etl");
        Poll.Until(() => _service.Requests.Count == 2, "the tail to be asked for again");
    }
}
