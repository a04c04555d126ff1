using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Pit.Cli.Tests.Support;

/// <summary>A raw connection to a control channel, one NDJSON line at a time: for the specs of the wire protocol itself.</summary>
public sealed class ControlSocket : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private ControlSocket(Socket socket, EndPoint endPoint)
    {
        _socket = socket;
        _socket.Connect(endPoint);
        _stream = new NetworkStream(_socket, ownsSocket: true);
        _reader = new StreamReader(_stream, Encoding.UTF8);
    }

    public static ControlSocket Unix(string path) =>
        new(new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified), new UnixDomainSocketEndPoint(path));

    public static ControlSocket Tcp(int port) =>
        new(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp), new IPEndPoint(IPAddress.Loopback, port));

    public void Send(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        _stream.Write(bytes);
        _stream.Flush();
    }

    /// <summary>The next reply line as JSON, or null when the service closed the connection.</summary>
    public JsonObject? Read(TimeSpan? limit = null)
    {
        var line = _reader.ReadLineAsync().WaitAsync(limit ?? TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        return line is null ? null : (JsonObject)JsonNode.Parse(line)!;
    }

    /// <summary>The next line that is not a streamed data item (<c>{"id":…,"data":…}</c>): a reply, an error or a stream's end.</summary>
    public JsonObject? ReadReply()
    {
        while (true)
        {
            var line = Read();
            if (line is null || !line.ContainsKey("data")) return line;
        }
    }

    public void Dispose() => _stream.Dispose();
}
