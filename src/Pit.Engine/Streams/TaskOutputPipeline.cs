using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Pit.Engine.Runners;

namespace Pit.Engine.Streams;

/// <summary>
/// Where a task's lines go: appended to its log file (a line is written as soon as no earlier write is
/// in progress; heavy output costs one write per batch, not per line), and to a live publisher for
/// viewers, which must not block (<see cref="LiveLog.Publish"/> drops rather than waits). One
/// <see cref="LogFileSink"/> stage does both.
/// </summary>
public static class TaskOutputPipeline
{
    /// <summary>Runs <paramref name="lines"/> into <paramref name="log"/> (which stays open); completes once every line is written and flushed.</summary>
    public static Task Run(
        Source<string, NotUsed> lines,
        Stream log,
        Action<TaskLogLine>? live,
        Func<string, TaskLogLine> toLogLine,
        IMaterializer materializer) =>
        lines.RunWith(new LogFileSink(log, live, toLogLine), materializer);
}
