using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Pit.Engine.Control;
using Pit.Server.Control;

namespace Pit.Cli.Tests.Support;

/// <summary>
/// A stand-in control host on a Unix socket, speaking the control wire format, with one streaming
/// command — <c>feed follow &lt;dag&gt;</c>, a <c>tick N</c> data line every 100 ms until the client
/// cancels it — for the prompt's Ctrl-C until the service itself offers a stream to follow. Its
/// <c>help</c> is the real host's description of that palette; <c>complete dags</c> answers
/// <c>etl</c> and <c>exports</c>. Keeps every request line it read.
/// </summary>
public sealed class StreamingControlHost : IDisposable
{
    public const string Follow = "feed follow";

    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _requests = new();

    public StreamingControlHost(string socketPath)
    {
        SocketPath = socketPath;
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        _listener.Listen(8);
        _ = AcceptAsync();
    }

    public string SocketPath { get; }

    /// <summary>The request lines read so far, in order.</summary>
    public IReadOnlyList<JsonObject> Requests => _requests.Select(r => JsonNode.Parse(r)!.AsObject()).ToList();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        File.Delete(SocketPath);
    }

    private static JsonNode Help()
    {
        var palettes = new ControlPalettes();
        palettes.Register(new ControlPalette("feed", "a stand-in stream",
        [
            new("follow", "a tick every 100 ms until stopped", _ => Task.FromResult<JsonNode?>(null),
                [new ControlArg("dag", "any name", Values: ControlValues.Dags)], Streams: true),
        ]));
        return ControlHelp.Describe(palettes, palette: null);
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true) _ = ServeAsync(await _listener.AcceptAsync(_stop.Token));
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var writing = new SemaphoreSlim(1, 1);
        var streams = new ConcurrentDictionary<long, CancellationTokenSource>();
        async Task Reply(JsonObject reply)
        {
            await writing.WaitAsync();
            try
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(reply.ToJsonString() + "\n"));
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
            }
            finally
            {
                writing.Release();
            }
        }
        async Task FollowAsync(long id, CancellationToken cancel)
        {
            try
            {
                for (var n = 0; ; n++)
                {
                    await Reply(new JsonObject { ["id"] = id, ["data"] = new JsonObject { ["line"] = $"tick {n}" } });
                    await Task.Delay(100, cancel);
                }
            }
            catch (OperationCanceledException)
            {
            }
            await Reply(new JsonObject { ["id"] = id, ["done"] = true, ["cancelled"] = true });
        }
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                _requests.Enqueue(line);
                var request = JsonNode.Parse(line)!.AsObject();
                var id = request["id"]!.GetValue<long>();
                if (request["cancel"] is not null)
                {
                    if (streams.TryGetValue(id, out var running)) await running.CancelAsync();
                    continue;
                }
                switch (request["cmd"]?.GetValue<string>())
                {
                    case ControlHelp.Help:
                        await Reply(new JsonObject { ["id"] = id, ["result"] = Help() });
                        break;
                    case ControlHelp.Complete:
                        await Reply(new JsonObject { ["id"] = id, ["result"] = new JsonArray("etl", "exports") });
                        break;
                    case Follow:
                        var cancel = streams[id] = new CancellationTokenSource();
                        _ = FollowAsync(id, cancel.Token);
                        break;
                    default:
                        await Reply(new JsonObject { ["id"] = id, ["error"] = new JsonObject { ["code"] = "unknown_command", ["message"] = "only feed follow here" } });
                        break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
        }
    }
}
