using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Pit.Server.Control;

/// <summary>
/// A connection to a service's control channel (<c>pit ctl</c>, <c>pit trigger</c>, <c>pit top</c>):
/// sends requests and hands each its own replies, so several commands can run on one connection.
/// </summary>
public sealed class ControlClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly ConcurrentDictionary<long, Channel<JsonObject>> _waiting = new();
    private readonly Task _reading;
    private long _nextId;

    private ControlClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, Encoding.UTF8);
        _reading = Task.Run(ReadAsync);
    }

    public ControlAddress Address { get; private init; } = null!;

    /// <summary>Connects, and sends the token first on TCP.</summary>
    /// <exception cref="ControlUnreachableException">Nothing answers at <paramref name="address"/>, or it refused the token.</exception>
    public static async Task<ControlClient> ConnectAsync(ControlAddress address, string? token = null, CancellationToken cancel = default)
    {
        Socket socket;
        try
        {
            socket = await address.ConnectAsync(cancel);
        }
        catch (SocketException ex)
        {
            throw new ControlUnreachableException(address, ex.Message);
        }
        if (address.NeedsToken)
        {
            if (token is null)
            {
                socket.Dispose();
                throw new ControlUnreachableException(address, $"a TCP control address needs the {ControlOptions.TokenSecret} secret");
            }
            var line = new JsonObject { ["auth"] = token }.ToJsonString() + "\n";
            await socket.SendAsync(Encoding.UTF8.GetBytes(line), cancel);
            var answer = await ReadLineAsync(socket, cancel);
            if (answer is null || !answer.Contains("\"auth\":\"ok\"", StringComparison.Ordinal))
            {
                socket.Dispose();
                throw new ControlUnreachableException(address, "the service refused the control token");
            }
        }
        return new ControlClient(socket) { Address = address };
    }

    /// <summary>Runs a one-shot command and returns its result.</summary>
    /// <exception cref="ControlErrorException">The service answered with an error.</exception>
    public async Task<JsonNode?> CallAsync(string cmd, JsonObject? args = null, CancellationToken cancel = default)
    {
        await foreach (var reply in RepliesAsync(cmd, args, cancel))
            if (reply.ContainsKey("result")) return reply["result"];
        throw new ControlErrorException("no_reply", $"{cmd}: the service ended the command without a result");
    }

    /// <summary>
    /// Runs a command and yields every reply line (<c>data</c>, then <c>result</c> or <c>done</c>);
    /// an error reply throws. Cancelling <paramref name="cancel"/> asks the service to stop the command.
    /// </summary>
    public async IAsyncEnumerable<JsonObject> RepliesAsync(string cmd, JsonObject? args = null, [EnumeratorCancellation] CancellationToken cancel = default)
    {
        var id = Interlocked.Increment(ref _nextId);
        var replies = Channel.CreateUnbounded<JsonObject>(new UnboundedChannelOptions { SingleReader = true });
        _waiting[id] = replies;
        if (_reading.IsCompleted) replies.Writer.TryComplete();
        try
        {
            await SendAsync(new JsonObject { ["id"] = id, ["cmd"] = cmd, ["args"] = args }, CancellationToken.None);
            await using var onCancel = cancel.Register(() => _ = SendAsync(new JsonObject { ["id"] = id, ["cancel"] = true }, CancellationToken.None));
            await foreach (var reply in replies.Reader.ReadAllAsync(CancellationToken.None))
            {
                if (reply["error"] is JsonObject error)
                    throw new ControlErrorException(error["code"]?.GetValue<string>() ?? "error", error["message"]?.GetValue<string>() ?? error.ToJsonString(),
                        error["known"] is JsonArray known ? known.Select(k => k!.GetValue<string>()).ToList() : []);
                yield return reply;
                if (reply.ContainsKey("result") || reply.ContainsKey("done")) yield break;
            }
            throw new ControlUnreachableException(Address, "the service closed the connection");
        }
        finally
        {
            _waiting.TryRemove(id, out _);
        }
    }

    /// <summary>Runs a streaming command and yields its data until it is done (or <paramref name="cancel"/> stops it).</summary>
    public async IAsyncEnumerable<JsonNode?> StreamAsync(string cmd, JsonObject? args = null, [EnumeratorCancellation] CancellationToken cancel = default)
    {
        await foreach (var reply in RepliesAsync(cmd, args, cancel))
        {
            if (reply.TryGetPropertyValue("data", out var data)) yield return data;
            else if (reply.TryGetPropertyValue("result", out var result)) yield return result;
        }
    }

    /// <summary>The words typed after a command name, as its <c>args</c>.</summary>
    public static JsonObject Argv(IEnumerable<string> words) =>
        new() { ["argv"] = new JsonArray(words.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray()) };

    public async ValueTask DisposeAsync()
    {
        _socket.Shutdown(SocketShutdown.Both);
        await _stream.DisposeAsync();
        try
        {
            await _reading;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
        }
        _writing.Dispose();
    }

    private async Task SendAsync(JsonObject request, CancellationToken cancel)
    {
        var bytes = Encoding.UTF8.GetBytes(request.ToJsonString() + "\n");
        await _writing.WaitAsync(cancel);
        try
        {
            await _stream.WriteAsync(bytes, cancel);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The connection is gone; the reader ends every waiting command.
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            while (await _reader.ReadLineAsync() is { } line)
            {
                if (JsonNode.Parse(line) is not JsonObject reply) continue;
                if (reply["id"] is JsonValue id && id.GetValueKind() == JsonValueKind.Number && _waiting.TryGetValue(id.GetValue<long>(), out var waiting))
                    waiting.Writer.TryWrite(reply);
                else if (reply["error"] is not null)
                    foreach (var each in _waiting.Values) each.Writer.TryWrite(reply);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or JsonException)
        {
        }
        finally
        {
            foreach (var waiting in _waiting.Values) waiting.Writer.TryComplete();
        }
    }

    /// <summary>One line of a socket read byte by byte (before the session's reader exists).</summary>
    private static async Task<string?> ReadLineAsync(Socket socket, CancellationToken cancel)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (await socket.ReceiveAsync(one, cancel) == 1)
        {
            if (one[0] == '\n') return Encoding.UTF8.GetString(bytes.ToArray());
            bytes.Add(one[0]);
        }
        return null;
    }
}

/// <summary>No service answers at the address (or it refused the token).</summary>
public sealed class ControlUnreachableException(ControlAddress address, string reason)
    : Exception($"no pit serve answers at {address}: {reason}")
{
    public ControlAddress Address { get; } = address;
}

/// <summary>An error reply: <see cref="Code"/> (<c>unknown_command</c>, <c>bad_args</c>, <c>not_found</c>, …) and a message for people.</summary>
public sealed class ControlErrorException(string code, string message, IReadOnlyList<string>? known = null) : Exception(message)
{
    public string Code { get; } = code;

    public IReadOnlyList<string> Known { get; } = known ?? [];
}
