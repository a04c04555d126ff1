using System.Net.Sockets;
using System.Text;

namespace Pit.Benchmarks;

/// <summary>
/// The round-trip baseline: a Unix socket server in this process that answers each line with a
/// reply the size of <c>system uptime</c>'s, read and written the way a control client does.
/// </summary>
internal sealed class UnixEcho : IDisposable
{
    private const string Reply = """{"id":1,"result":{"started":"2026-01-01T00:00:00.0000000Z","uptime_seconds":12.345,"uptime":"0m 12s"}}""";

    private readonly Socket _listener;
    private readonly string _folder;

    public UnixEcho()
    {
        _folder = Directory.CreateTempSubdirectory("pit-echo-").FullName;
        Path = System.IO.Path.Combine(_folder, "echo.sock");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(Path));
        _listener.Listen(16);
        _ = Task.Run(ServeAsync);
    }

    public string Path { get; }

    public void Dispose()
    {
        _listener.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task ServeAsync()
    {
        try
        {
            while (true)
            {
                var connection = await _listener.AcceptAsync();
                _ = Task.Run(async () =>
                {
                    await using var stream = new NetworkStream(connection, ownsSocket: true);
                    using var reader = new StreamReader(stream, Encoding.UTF8);
                    var reply = Encoding.UTF8.GetBytes(Reply + "\n");
                    while (await reader.ReadLineAsync() is not null) await stream.WriteAsync(reply);
                });
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
