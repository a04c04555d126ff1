using System.Buffers;
using System.Text;
using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Pit.Engine.Runners;

namespace Pit.Engine.Streams;

/// <summary>
/// Where a task's lines go: appended to its log file in batches (a line reaches the file within
/// about <see cref="FlushInterval"/>; heavy output costs one write per <see cref="MaxBatchChars"/>, not per line),
/// and to a live publisher for viewers, which must not block (<see cref="LiveLog.Publish"/> drops rather than waits).
/// </summary>
public static class TaskOutputPipeline
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);
    public const int MaxBatchChars = 1024 * 1024;
    public const int MaxBatchLines = 10_000;

    /// <summary>Runs <paramref name="lines"/> into <paramref name="log"/> (which stays open); completes once every line is written and flushed.</summary>
    public static Task Run(
        Source<string, NotUsed> lines,
        Stream log,
        Action<TaskLogLine>? live,
        Func<string, TaskLogLine> toLogLine,
        IMaterializer materializer)
    {
        var source = live is null
            ? lines
            : lines.Select(line =>
            {
                live(toLogLine(line));
                return line;
            });
        return source
            .GroupedWeightedWithin(MaxBatchChars, MaxBatchLines, FlushInterval, line => line.Length + 1L)
            .SelectAsync(1, batch => WriteAsync(log, batch))
            .RunWith(Sink.Ignore<Done>(), materializer);
    }

    private static async Task<Done> WriteAsync(Stream log, IEnumerable<string> batch)
    {
        var lines = batch as IReadOnlyCollection<string> ?? batch.ToList();
        var size = lines.Sum(line => Encoding.UTF8.GetByteCount(line) + 1);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var at = 0;
            foreach (var line in lines)
            {
                at += Encoding.UTF8.GetBytes(line, 0, line.Length, buffer, at);
                buffer[at++] = (byte)'\n';
            }
            await log.WriteAsync(buffer.AsMemory(0, at)).ConfigureAwait(false);
            await log.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return Done.Instance;
    }
}
