using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Pit.Benchmarks;

/// <summary>
/// A bare client of <c>pit serve</c>'s control socket: one NDJSON request line out, reply lines in
/// (the wire format of src/Pit.Server/Control/ControlProtocol.cs), with nothing of Pit's client code
/// between the benchmark and the socket.
/// </summary>
internal sealed class ControlLine : IDisposable
{
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;
    private long _id;

    public ControlLine(string socketPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, Encoding.UTF8);
    }

    /// <summary>Sends a command and returns its id.</summary>
    public long Send(string cmd, params string[] argv)
    {
        var id = ++_id;
        var request = new JsonObject
        {
            ["id"] = id,
            ["cmd"] = cmd,
            ["args"] = new JsonObject { ["argv"] = new JsonArray(argv.Select(a => (JsonNode?)a).ToArray()) },
        };
        _stream.Write(Encoding.UTF8.GetBytes(request.ToJsonString() + "\n"));
        return id;
    }

    /// <summary>The next reply line, or null when the service closed the connection.</summary>
    public JsonObject? Read() => ReadText() is { } line ? (JsonObject)JsonNode.Parse(line)! : null;

    /// <summary>The next reply line as text, or null when the service closed the connection.</summary>
    public string? ReadText() => _reader.ReadLine();

    /// <summary>Sends a one-shot command and returns its result; an error reply throws.</summary>
    public JsonNode? Call(string cmd, params string[] argv)
    {
        Send(cmd, argv);
        var reply = Read() ?? throw new InvalidOperationException($"{cmd}: the service closed the control connection");
        if (reply["error"] is { } error) throw new InvalidOperationException($"{cmd}: {error["message"]}");
        return reply["result"];
    }

    public void Dispose() => _stream.Dispose();
}
