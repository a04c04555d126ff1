using System.Net.Sockets;
using Akka;
using Akka.IO;
using Akka.Streams.Dsl;
using Akka.Util;

namespace Pit.Engine.Streams;

/// <summary>
/// What the socket servers (the SDK socket, the control channel) share: an accept loop on a plain
/// <see cref="Socket"/> (Akka.IO cannot bind Unix sockets), and a connection's bytes as a stream source.
/// </summary>
public static class SocketStreams
{
    /// <summary>Accepts connections and hands each to <paramref name="serve"/> until <paramref name="stop"/> or the listener is closed.</summary>
    public static async Task AcceptAsync(Socket listener, Action<Socket> serve, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            serve(connection);
        }
    }

    /// <summary>The bytes read from <paramref name="stream"/> until it ends, breaks or <paramref name="stop"/> fires.</summary>
    public static Source<ByteString, NotUsed> Bytes(Stream stream, int bufferSize, CancellationToken stop) =>
        Source.UnfoldResourceAsync<ByteString, (Stream Stream, byte[] Buffer)>(
            () => Task.FromResult((stream, new byte[bufferSize])),
            async resource =>
            {
                try
                {
                    var read = await resource.Stream.ReadAsync(resource.Buffer, stop).ConfigureAwait(false);
                    return read == 0 ? Option<ByteString>.None : Option<ByteString>.Create(ByteString.CopyFrom(resource.Buffer, 0, read));
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
                {
                    return Option<ByteString>.None;
                }
            },
            _ => Task.FromResult(Done.Instance));
}
