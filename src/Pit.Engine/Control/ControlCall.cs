using System.Text.Json.Nodes;

namespace Pit.Engine.Control;

/// <summary>One command being answered: its arguments, where its data goes, and when to stop (the client cancelled it or went away).</summary>
public sealed class ControlCall(ControlArgs args, Func<JsonNode?, CancellationToken, ValueTask> send, CancellationToken cancel)
{
    public ControlArgs Args { get; } = args;

    public CancellationToken Cancel { get; } = cancel;

    /// <summary>Sends one <c>{"id":…,"data":…}</c> line; waits while the client is slow to read.</summary>
    public ValueTask SendAsync(JsonNode? data) => send(data, Cancel);
}
