using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Pit.Cli.Tests.Support;

/// <summary>
/// A control channel on a Unix socket that answers from canned replies (by command), for specs of
/// a client before the service's palettes exist: the wire format is the real one. One-shot commands
/// answer <c>{"id","result"}</c> (or an error); <c>run tail</c> streams what <see cref="Tail"/> is
/// given until the client cancels it (unless it is given an answer too). Every request is recorded.
/// </summary>
public sealed class CannedControlService : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly ConcurrentDictionary<string, Func<IReadOnlyList<string>, JsonNode?>> _answers = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly CancellationTokenSource _stop = new(); // cancelled once, never disposed: DisposeAsync may run twice
    private readonly Task _accepting;

    public CannedControlService(string socketPath)
    {
        SocketPath = socketPath;
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        _listener.Listen(16);
        _accepting = AcceptAsync();
    }

    public string SocketPath { get; }

    /// <summary>Lines for <c>run tail</c> streams to send as <c>data</c>.</summary>
    public Channel<JsonNode> Tail { get; } = Channel.CreateUnbounded<JsonNode>();

    /// <summary>Every request so far, as <c>cmd argv…</c>.</summary>
    public IReadOnlyList<string> Requests => _requests.ToList();

    /// <summary>Answers <paramref name="cmd"/> with what <paramref name="reply"/> makes of its argv (an error when it throws <see cref="CannedError"/>).</summary>
    public void Answer(string cmd, Func<IReadOnlyList<string>, JsonNode?> reply) => _answers[cmd] = reply;

    public void Answer(string cmd, string json) => Answer(cmd, _ => JsonNode.Parse(json));

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync();
        _listener.Dispose();
        try { await _accepting; }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException) { }
        File.Delete(SocketPath);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var connection = await _listener.AcceptAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(connection));
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        using var owned = connection;
        await using var stream = new NetworkStream(connection);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var writing = new SemaphoreSlim(1, 1);
        var streams = new ConcurrentDictionary<long, CancellationTokenSource>();
        async Task Send(JsonObject reply)
        {
            await writing.WaitAsync();
            try { await stream.WriteAsync(Encoding.UTF8.GetBytes(reply.ToJsonString() + "\n")); }
            catch (IOException) { }
            finally { writing.Release(); }
        }
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (JsonNode.Parse(line) is not JsonObject request || request["id"] is not JsonValue idValue) continue;
                var id = idValue.GetValue<long>();
                if (request["cancel"] is not null)
                {
                    if (streams.TryRemove(id, out var running)) await running.CancelAsync();
                    continue;
                }
                var cmd = request["cmd"]!.GetValue<string>();
                var argv = (request["args"]?["argv"] as JsonArray)?.Select(a => a!.GetValue<string>()).ToList() ?? [];
                _requests.Enqueue(string.Join(' ', [cmd, .. argv]));
                if (cmd == "run tail" && !_answers.ContainsKey(cmd))
                {
                    var cancel = new CancellationTokenSource();
                    streams[id] = cancel;
                    _ = Task.Run(() => TailAsync(id, Send, cancel.Token));
                    continue;
                }
                await Send(Reply(id, cmd, argv));
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private JsonObject Reply(long id, string cmd, IReadOnlyList<string> argv)
    {
        if (!_answers.TryGetValue(cmd, out var answer))
            return new JsonObject { ["id"] = id, ["error"] = new JsonObject { ["code"] = "unknown_command", ["message"] = $"unknown command '{cmd}'" } };
        try
        {
            return new JsonObject { ["id"] = id, ["result"] = answer(argv) };
        }
        catch (CannedError error)
        {
            return new JsonObject { ["id"] = id, ["error"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message } };
        }
    }

    private async Task TailAsync(long id, Func<JsonObject, Task> send, CancellationToken cancel)
    {
        try
        {
            await foreach (var data in Tail.Reader.ReadAllAsync(cancel))
                await send(new JsonObject { ["id"] = id, ["data"] = data.DeepClone() });
            await send(new JsonObject { ["id"] = id, ["done"] = true });
        }
        catch (OperationCanceledException)
        {
            await send(new JsonObject { ["id"] = id, ["done"] = true, ["cancelled"] = true });
        }
    }
}

/// <summary>Thrown by a canned answer to reply with an error.</summary>
public sealed class CannedError(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
