using System.Buffers;
using Akka;
using Akka.IO;
using Akka.Streams.Dsl;
using Akka.Util;

namespace Pit.Engine.Streams;

/// <summary>
/// The bytes of a pipe (a process's stdout or stderr) as a stream, read asynchronously (no thread
/// waits on the pipe). <paramref name="pipe"/> must be a <see cref="System.IO.Pipes.PipeStream"/>, as
/// System.Diagnostics.Process and posix_spawn'd tasks give: .NET reads those through epoll and ends a
/// pending read when it is cancelled, whereas a FileStream over a pipe blocks a pool thread in read(2)
/// and ignores cancellation. The source completes at end of file, or when <paramref name="stop"/> is
/// cancelled: that is how a pipe still held open by a stray grandchild is let go. The pipe is
/// closed when the source ends, and then <paramref name="onClosed"/> runs.
/// </summary>
public static class PipeSource
{
    public const int ChunkSize = 64 * 1024;

    public static Source<ByteString, NotUsed> Create(Stream pipe, CancellationToken stop, Action? onClosed = null) =>
        Source.UnfoldResourceAsync<ByteString, (Stream Pipe, byte[] Buffer)>(
            // Pooled: a fresh 64 KiB array per pipe per attempt would land on the large object heap.
            () => Task.FromResult((pipe, ArrayPool<byte>.Shared.Rent(ChunkSize))),
            async resource =>
            {
                int read;
                try
                {
                    read = await resource.Pipe.ReadAsync(resource.Buffer.AsMemory(0, ChunkSize), stop).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or IOException)
                {
                    return Option<ByteString>.None;
                }
                return read == 0 ? Option<ByteString>.None : Option<ByteString>.Create(ByteString.CopyFrom(resource.Buffer, 0, read));
            },
            resource =>
            {
                resource.Pipe.Dispose();
                ArrayPool<byte>.Shared.Return(resource.Buffer);
                onClosed?.Invoke();
                return Task.FromResult(Done.Instance);
            });
}
