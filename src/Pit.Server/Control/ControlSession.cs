using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Akka;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;
using Pit.Engine.Streams;

namespace Pit.Server.Control;

/// <summary>
/// One client connection: its request lines come through a stream (newline framing, at most
/// <see cref="ControlProtocol.MaxLineBytes"/>), each request is answered concurrently with the
/// others, and every reply goes through one bounded queue to the socket, so a slow client slows only
/// its own streaming commands. When the client goes away, its commands are cancelled.
/// </summary>
internal sealed class ControlSession
{
    private readonly Stream _stream;
    private readonly ControlDispatcher _dispatcher;
    private readonly string? _token;
    private readonly Channel<string> _replies = Channel.CreateBounded<string>(new BoundedChannelOptions(1024) { SingleReader = true });
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _gone;
    private readonly ControlStats _stats;
    private bool _authenticated;

    /// <param name="token">The token the first line must carry (TCP); null when the connection needs none (the Unix socket).</param>
    public ControlSession(Stream stream, ControlDispatcher dispatcher, string? token, ControlStats stats, CancellationToken stop)
    {
        _stats = stats;
        _stream = stream;
        _dispatcher = dispatcher;
        _token = token;
        _authenticated = token is null;
        _gone = CancellationTokenSource.CreateLinkedTokenSource(stop);
    }

    public async Task RunAsync(IMaterializer materializer)
    {
        var writing = WriteAsync();
        _stats.Connected();
        try
        {
            await Lines().RunForeach(Handle, materializer).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A line too long, or the connection broke: the session ends.
            _replies.Writer.TryWrite(ControlProtocol.Error(null, "bad_request", $"a request line is longer than {ControlProtocol.MaxLineBytes} bytes; closing"));
        }
        finally
        {
            await _gone.CancelAsync().ConfigureAwait(false);
            foreach (var running in _running.Values) running.Cancel();
            _replies.Writer.TryComplete();
            await writing.ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
            _stats.Disconnected();
        }
    }

    private Source<string, NotUsed> Lines() =>
        SocketStreams.Bytes(_stream, 16 * 1024, _gone.Token)
            .Via(Framing.Delimiter(ByteString.FromString("\n"), ControlProtocol.MaxLineBytes, allowTruncation: true))
            .Select(line => Encoding.UTF8.GetString(line.ToArray()).TrimEnd('\r'))
            .Where(line => line.Trim().Length > 0)
            .TakeWhile(_ => !_gone.IsCancellationRequested);

    private void Handle(string line)
    {
        ControlProtocol.Request request;
        try
        {
            request = ControlProtocol.Parse(line);
        }
        catch (ControlProtocol.BadRequest ex)
        {
            if (!_authenticated) Refuse();
            else _replies.Writer.TryWrite(ControlProtocol.Error(ex.Id, "bad_request", ex.Message));
            return;
        }
        if (!_authenticated)
        {
            if (request.Auth is { } auth && Matches(auth))
            {
                _authenticated = true;
                _replies.Writer.TryWrite(ControlProtocol.AuthOk());
            }
            else Refuse();
            return;
        }
        var key = request.Id?.ToJsonString() ?? "null";
        if (request.Cancel)
        {
            if (_running.TryGetValue(key, out var running)) running.Cancel();
            return;
        }
        if (request.Auth is not null) return;
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(_gone.Token);
        _running[key] = cancel;
        _stats.Started();
        _ = Task.Run(async () =>
        {
            try
            {
                await _dispatcher.AnswerAsync(request, Write, cancel.Token).ConfigureAwait(false);
            }
            finally
            {
                _running.TryRemove(new KeyValuePair<string, CancellationTokenSource>(key, cancel));
                cancel.Dispose();
                _stats.Ended();
            }
        });
    }

    /// <summary>Without the token, nothing is answered: one error line, and the connection closes.</summary>
    private void Refuse()
    {
        _replies.Writer.TryWrite(ControlProtocol.Error(null, "unauthorized", "this control port needs {\"auth\":\"<control_token>\"} as its first line"));
        _gone.Cancel();
    }

    private bool Matches(string auth) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(auth), Encoding.UTF8.GetBytes(_token!));

    private ValueTask Write(string line, CancellationToken cancel) => _replies.Writer.WriteAsync(line, cancel);

    private async Task WriteAsync()
    {
        // Replies queued together go out in one write; the socket is written when the queue is empty.
        var output = new BufferedStream(_stream, 64 * 1024);
        try
        {
            await foreach (var line in _replies.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                await output.WriteAsync(Encoding.UTF8.GetBytes(line)).ConfigureAwait(false);
                if (_replies.Reader.Count == 0) await output.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away: stop reading its requests too.
            _gone.Cancel();
        }
    }
}
