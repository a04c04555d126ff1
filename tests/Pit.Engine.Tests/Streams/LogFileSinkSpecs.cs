using System.Text;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit.Xunit2;
using Pit.Engine.Runners;
using Pit.Engine.Streams;

namespace Pit.Engine.Tests.Streams;

public sealed class LogFileSinkSpecs : TestKit
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private static TaskLogLine ToLogLine(string line) => new("run", "task", 1, line);

    /// <summary>A log whose writes wait until released, one at a time; it records what each write held.</summary>
    private sealed class HeldLog : MemoryStream
    {
        public List<string> Writes { get; } = [];

        public SemaphoreSlim Gate { get; } = new(0);

        public TaskCompletionSource FirstWriteBegan { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            FirstWriteBegan.TrySetResult();
            await Gate.WaitAsync(cancellationToken);
            lock (Writes) Writes.Add(Encoding.UTF8.GetString(buffer.Span));
        }
    }

    [Fact]
    public async Task Lines_that_arrive_during_a_write_go_out_together_in_the_next_one()
    {
        var log = new HeldLog();
        // The first line starts a write at once; the others reach the stage while that write waits.
        var done = Source.From(["first", "second", "third"]).RunWith(new LogFileSink(log, null, ToLogLine), Sys.Materializer());

        await log.FirstWriteBegan.Task.WaitAsync(Generous);
        Assert.False(done.IsCompleted);

        log.Gate.Release(2);
        await done.WaitAsync(Generous);
        Assert.Equal(["first\n", "second\nthird\n"], log.Writes);
    }

    [Fact]
    public async Task It_completes_only_after_the_write_in_progress_when_the_lines_end()
    {
        var log = new HeldLog();
        var published = new List<TaskLogLine>();
        var done = Source.From(["only"]).RunWith(new LogFileSink(log, published.Add, ToLogLine), Sys.Materializer());

        await log.FirstWriteBegan.Task.WaitAsync(Generous);
        await Task.Yield();
        Assert.False(done.IsCompleted);
        Assert.Equal([ToLogLine("only")], published);

        log.Gate.Release();
        await done.WaitAsync(Generous);
        Assert.Equal(["only\n"], log.Writes);
    }
}
