using System.Net.Sockets;
using System.Text;
using Akka;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Util;
using Pit.Engine.Sdk;

namespace Pit.Engine.Streams;

/// <summary>
/// A run's SDK socket: a Unix domain socket in a fresh directory only Pit's user can enter (mode
/// 0700, socket 0600). Connections are accepted with a plain <see cref="Socket"/>; each is
/// bridged into a stream (newline framing up to <see cref="SdkProtocol.MaxLineBytes"/>, one reply
/// per request in order), so a bad request or a broken connection concerns only its own.
/// </summary>
public sealed class SdkSocketServer : IDisposable
{
    public const string SocketName = "sdk.sock";

    private readonly Socket _listener;
    private readonly SdkProtocol _protocol;
    private readonly IMaterializer _materializer;
    private readonly CancellationTokenSource _stop = new();
    private readonly string _folder;

    private SdkSocketServer(string folder, Socket listener, SdkProtocol protocol, IMaterializer materializer)
    {
        _folder = folder;
        _listener = listener;
        _protocol = protocol;
        _materializer = materializer;
        _ = AcceptAsync();
    }

    /// <summary>The socket's path, for <c>PIT_SOCKET</c> (short: /tmp/pit-XXXXXX/sdk.sock).</summary>
    public string Path => System.IO.Path.Combine(_folder, SocketName);

    public static SdkSocketServer Start(SdkProtocol protocol, IMaterializer materializer)
    {
        // mkdtemp: a new directory with mode 0700.
        var folder = Directory.CreateTempSubdirectory("pit-").FullName;
        var path = System.IO.Path.Combine(folder, SocketName);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            listener.Listen(64);
        }
        catch
        {
            listener.Dispose();
            Directory.Delete(folder, recursive: true);
            throw;
        }
        return new SdkSocketServer(folder, listener, protocol, materializer);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Already gone.
        }
        _stop.Dispose();
    }

    private Task AcceptAsync() => SocketStreams.AcceptAsync(_listener, Serve, _stop.Token);

    private void Serve(Socket connection)
    {
        var stream = new NetworkStream(connection, ownsSocket: true);
        SocketStreams.Bytes(stream, 64 * 1024, _stop.Token)
            .Via(Framing.Delimiter(ByteString.FromString("\n"), SdkProtocol.MaxLineBytes, allowTruncation: true))
            .SelectAsync(1, line => _protocol.HandleAsync(Encoding.UTF8.GetString(line.ToArray())))
            .Recover(_ => Option<SdkProtocol.Reply>.Create(SdkProtocol.TooLong()))
            .TakeWhile(reply => !reply.Close, inclusive: true)
            .SelectAsync(1, async reply =>
            {
                try
                {
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(reply.Line + "\n"), _stop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
                {
                    // The client went away; its connection ends here.
                }
                return reply;
            })
            .RunWith(Sink.Ignore<SdkProtocol.Reply>(), _materializer)
            .ContinueWith(_ => stream.Dispose(), TaskScheduler.Default);
    }
}
