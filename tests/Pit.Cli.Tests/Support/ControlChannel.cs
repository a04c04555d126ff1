using System.Text.Json.Nodes;
using Pit.Server.Control;

namespace Pit.Cli.Tests.Support;

/// <summary>
/// A connection to a served Pit's control channel (the workspace's Unix socket), through the same
/// <see cref="ControlClient"/> the CLI uses: commands by their words, as <c>pit ctl</c> sends them.
/// Every call gives up after <see cref="Patience"/>, a deadline for liveness, not a timing assertion.
/// </summary>
public sealed class ControlChannel : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    private readonly ControlClient _client;

    private ControlChannel(ControlClient client) => _client = client;

    public static async Task<ControlChannel> OpenAsync(TempWorkspace workspace) =>
        new(await ControlClient.ConnectAsync(ControlAddress.Of(workspace.Root)));

    /// <summary>Runs a one-shot command (<c>"run show"</c>) with its words, and returns its result.</summary>
    public async Task<JsonNode> CallAsync(string cmd, params string[] words)
    {
        using var patience = new CancellationTokenSource(Patience);
        return await _client.CallAsync(cmd, ControlClient.Argv(words), patience.Token) ?? throw new InvalidOperationException($"{cmd} answered null");
    }

    /// <summary>Runs a command that must fail, and returns its error.</summary>
    public Task<ControlErrorException> ErrorAsync(string cmd, params string[] words) =>
        Assert.ThrowsAsync<ControlErrorException>(() => CallAsync(cmd, words));

    /// <summary>Runs a streaming command to its end and returns its data, in order.</summary>
    public async Task<List<JsonObject>> StreamAsync(string cmd, params string[] words)
    {
        var data = new List<JsonObject>();
        await foreach (var item in StreamEachAsync(cmd, words)) data.Add(item);
        return data;
    }

    /// <summary>Runs a streaming command and yields its data as it comes.</summary>
    public async IAsyncEnumerable<JsonObject> StreamEachAsync(string cmd, params string[] words)
    {
        using var patience = new CancellationTokenSource(Patience);
        await foreach (var item in _client.StreamAsync(cmd, ControlClient.Argv(words), patience.Token))
            yield return Assert.IsType<JsonObject>(item);
    }

    /// <summary>Polls <c>run show</c> until the run is in <paramref name="state"/>, and returns that answer.</summary>
    public Task<JsonNode> WaitForRunAsync(string runId, string state) =>
        WaitForAsync(run => Text(run["state"]) == state, "run show", runId);

    /// <summary>Polls a one-shot command until its answer satisfies <paramref name="done"/>, and returns that answer.</summary>
    public async Task<JsonNode> WaitForAsync(Func<JsonNode, bool> done, string cmd, params string[] words)
    {
        JsonNode? answer = null;
        await Poll.UntilAsync(async () => done(answer = await CallAsync(cmd, words)), $"'{cmd} {string.Join(' ', words)}' to give the awaited answer");
        return answer!;
    }

    /// <summary>A string of a reply, or null.</summary>
    public static string? Text(JsonNode? node) => node?.GetValue<string>();

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
