using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.TestKit;
using Akka.TestKit.Xunit2;
using Pit.Engine.Runners;
using Pit.Engine.Streams;

namespace Pit.Engine.Tests.Streams;

public sealed class TaskOutputPipelineSpecs : TestKit
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private readonly IMaterializer _materializer;
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"pit-pipeline-{Guid.NewGuid():N}.log");

    public TaskOutputPipelineSpecs()
    {
        _materializer = Sys.Materializer();
    }

    protected override void Dispose(bool disposing)
    {
        File.Delete(_file);
        base.Dispose(disposing);
    }

    private static TaskLogLine ToLogLine(string line) => new("run", "task", 1, line);

    private FileStream OpenLog() => new(_file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);

    private string ReadLog()
    {
        using var reader = new StreamReader(new FileStream(_file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd();
    }

    [Fact]
    public async Task Appends_every_line_with_a_newline_and_keeps_the_file_open()
    {
        await using var log = OpenLog();
        await log.WriteAsync("before\n"u8.ToArray());
        await TaskOutputPipeline.Run(Source.From(["héllo", "", "wörld"]), log, null, ToLogLine, _materializer).WaitAsync(Generous);

        Assert.True(log.CanWrite);
        Assert.Equal("before\nhéllo\n\nwörld\n", ReadLog());
    }

    [Fact]
    public async Task A_line_reaches_the_file_while_the_task_is_still_running()
    {
        await using var log = OpenLog();
        var (queue, lines) = Source.Queue<string>(16, OverflowStrategy.Backpressure).PreMaterialize(_materializer);
        var done = TaskOutputPipeline.Run(lines, log, null, ToLogLine, _materializer);

        await queue.OfferAsync("first line");
        await AwaitAssertAsync(() => Assert.Equal("first line\n", ReadLog()), Generous);
        Assert.False(done.IsCompleted);

        queue.Complete();
        await done.WaitAsync(Generous);
        Assert.Equal("first line\n", ReadLog());
    }

    [Fact]
    public async Task Every_line_is_published_live_in_order_before_the_pipeline_completes()
    {
        await using var log = OpenLog();
        var published = new List<TaskLogLine>();

        await TaskOutputPipeline.Run(Source.From(["a", "b"]), log, published.Add, ToLogLine, _materializer).WaitAsync(Generous);

        Assert.Equal([ToLogLine("a"), ToLogLine("b")], published);
        Assert.Equal("a\nb\n", ReadLog());
    }

    [Fact]
    public async Task A_live_log_nobody_reads_does_not_hold_back_the_file()
    {
        await using var log = OpenLog();
        using var live = new LiveLog(_materializer);
        var probe = this.CreateManualSubscriberProbe<TaskLogLine>();
        live.Subscribe().RunWith(Sink.FromSubscriber(probe), _materializer);
        await probe.ExpectSubscriptionAsync();
        var lines = Enumerable.Range(1, 100_000).Select(i => $"line {i}");

        await TaskOutputPipeline.Run(Source.From(lines), log, live.Publish, ToLogLine, _materializer).WaitAsync(Generous);

        var content = ReadLog();
        Assert.Equal(100_000, content.Count(c => c == '\n'));
        Assert.EndsWith("line 99999\nline 100000\n", content);
    }

    [Fact]
    public async Task A_failing_log_fails_the_returned_task()
    {
        var log = OpenLog();
        await log.DisposeAsync();
        var run = TaskOutputPipeline.Run(Source.From(["a"]), log, null, ToLogLine, _materializer);
        await Assert.ThrowsAnyAsync<Exception>(() => run.WaitAsync(Generous));
        Assert.Equal("", ReadLog());
    }
}
