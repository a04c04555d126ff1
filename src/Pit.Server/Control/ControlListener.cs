using System.Net;
using System.Net.Sockets;
using Akka.Streams;
using Microsoft.Extensions.Logging;
using Pit.Engine.Streams;

namespace Pit.Server.Control;

/// <summary>
/// Accepts control connections: on the Unix socket (mode 0600, in the workspace's state folder;
/// no token, the file mode is the guard) and, when configured, on a TCP port whose connections must
/// send the token first. Akka.IO cannot bind Unix sockets, so connections are accepted with a plain
/// <see cref="Socket"/> and each becomes a <see cref="ControlSession"/>.
/// </summary>
public sealed class ControlListener : IAsyncDisposable
{
    private readonly Socket _unix;
    private readonly Socket? _tcp;
    private readonly string? _token;
    private readonly ControlDispatcher _dispatcher;
    private readonly IMaterializer _materializer;
    private const string SocketName = "c.sock";

    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _accepting = [];

    private ControlListener(ControlOptions options, Socket unix, Socket? tcp, ControlDispatcher dispatcher, ControlStats stats, IMaterializer materializer)
    {
        Options = options;
        Stats = stats;
        _unix = unix;
        _tcp = tcp;
        _token = options.Token;
        _dispatcher = dispatcher;
        _materializer = materializer;
        _accepting.Add(AcceptAsync(_unix, token: null));
        if (_tcp is not null) _accepting.Add(AcceptAsync(_tcp, _token));
    }

    public ControlOptions Options { get; }

    public ControlStats Stats { get; }

    /// <summary>Where the TCP listener listens (its port chosen by the system when configured as 0); null without one.</summary>
    public IPEndPoint? TcpEndPoint => _tcp?.LocalEndPoint as IPEndPoint;

    /// <exception cref="ControlStartException">The socket is taken by a running service, or cannot be bound.</exception>
    public static ControlListener Start(ControlOptions options, ControlDispatcher dispatcher, ControlStats stats, IMaterializer materializer, ILogger log)
    {
        var unix = BindUnix(options.SocketPath);
        Socket? tcp = null;
        try
        {
            if (options.TcpPort is { } port) tcp = BindTcp(new IPEndPoint(options.TcpBind, port));
        }
        catch
        {
            unix.Dispose();
            File.Delete(options.SocketPath);
            throw;
        }
        log.LogDebug("control channel on {Path}", options.SocketPath);
        return new ControlListener(options, unix, tcp, dispatcher, stats, materializer);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _unix.Dispose();
        _tcp?.Dispose();
        await Task.WhenAll(_accepting);
        try
        {
            File.Delete(Options.SocketPath);
        }
        catch (IOException)
        {
            // Already gone.
        }
    }

    private static Socket BindUnix(string path)
    {
        // Unix socket paths hold 107 bytes; binding happens at a path 5 characters longer.
        if (System.Text.Encoding.UTF8.GetByteCount(path) > 100)
            throw new ControlStartException($"the control socket path is too long for a Unix socket (at most 100 bytes; move the workspace to a shorter path): {path}");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path))
        {
            if (Answers(path)) throw new ControlStartException($"another pit serve answers on {path} (one service per workspace)");
            // Left by a service that did not stop cleanly.
            File.Delete(path);
        }
        // Bound in a folder only Pit's user can enter, made 0600, then moved in place: there is no
        // moment when another user could connect.
        var folder = Path.Combine(Path.GetDirectoryName(path)!, $".ctl{Guid.NewGuid():N}"[..10]);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
            else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var bound = Path.Combine(folder, SocketName);
            socket.Bind(new UnixDomainSocketEndPoint(bound));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(bound, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(bound, path);
            socket.Listen(512);
            return socket;
        }
        catch (Exception ex) when (ex is SocketException or IOException or UnauthorizedAccessException)
        {
            socket.Dispose();
            throw new ControlStartException($"cannot listen on the control socket {path}: {ex.Message}", ex);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private static Socket BindTcp(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(endPoint);
            socket.Listen(512);
            return socket;
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new ControlStartException($"cannot listen for control connections on {endPoint}: {ex.Message} (control_port in pit_config.toml)", ex);
        }
    }

    /// <summary>True when a service accepts connections on <paramref name="path"/>.</summary>
    private static bool Answers(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private Task AcceptAsync(Socket listener, string? token) =>
        SocketStreams.AcceptAsync(listener, connection =>
        {
            if (connection.ProtocolType == ProtocolType.Tcp) connection.NoDelay = true;
            var session = new ControlSession(new NetworkStream(connection, ownsSocket: true), _dispatcher, token, Stats, _stop.Token);
            _ = session.RunAsync(_materializer);
        }, _stop.Token);
}

/// <summary>The control channel could not start listening.</summary>
public sealed class ControlStartException(string message, Exception? inner = null) : Exception(message, inner);
