using System.IO.Pipes;
using System.Text;
using System.Threading.Channels;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit.Xunit2;
using Pit.Engine.Streams;

namespace Pit.Engine.Tests.Streams;

public sealed class AttemptOutputSourceSpecs : TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly IMaterializer _materializer;

    public AttemptOutputSourceSpecs()
    {
        _materializer = Sys.Materializer();
    }

    /// <summary>A real pipe, as a task's stdout is: what is written to the returned writer comes out of the reader.</summary>
    private static (AnonymousPipeServerStream Writer, Stream Reader) Pipe()
    {
        var writer = new AnonymousPipeServerStream(PipeDirection.Out);
        var reader = new AnonymousPipeClientStream(PipeDirection.In, writer.ClientSafePipeHandle);
        return (writer, reader);
    }

    /// <summary>A stderr pipe already at end of file and a notes channel already complete.</summary>
    private static async Task<(Stream Stderr, ChannelReader<string> Notes)> SilentStderrAndNoNotes()
    {
        var (writer, reader) = Pipe();
        await writer.DisposeAsync();
        var notes = Channel.CreateUnbounded<string>();
        notes.Writer.Complete();
        return (reader, notes.Reader);
    }

    [Fact]
    public async Task Header_then_both_pipes_and_the_notes_then_the_footer_once_everything_has_ended()
    {
        var (outWriter, outReader) = Pipe();
        var (errWriter, errReader) = Pipe();
        var notes = Channel.CreateUnbounded<string>();
        var footerReady = new TaskCompletionSource();
        var closed = new List<string>();
        var seenOnStderr = new List<string>();
        var source = new AttemptOutputSource("header",
            [
                new AttemptOutputSource.OutputPipe(outReader, null, () => { lock (closed) closed.Add("out"); }),
                new AttemptOutputSource.OutputPipe(errReader, seenOnStderr.Add, () => { lock (closed) closed.Add("err"); }),
            ],
            notes.Reader, footerReady.Task, () => $"footer after {seenOnStderr.Count} stderr line(s)", CancellationToken.None);

        var lines = Source.FromGraph(source).RunWith(Sink.Seq<string>(), _materializer);
        await outWriter.WriteAsync(Encoding.UTF8.GetBytes("one\ntw"));
        await errWriter.WriteAsync(Encoding.UTF8.GetBytes("oops\r\n"));
        notes.Writer.TryWrite("pit: a note");
        await outWriter.WriteAsync(Encoding.UTF8.GetBytes("o\nthree"));
        await outWriter.DisposeAsync();
        await errWriter.DisposeAsync();
        await AwaitAssertAsync(() => Assert.Equal(2, closed.Count), Patience);
        Assert.False(lines.IsCompleted, "the footer waits for the notes and for the outcome");
        notes.Writer.Complete();
        footerReady.SetResult();

        var result = await lines.WaitAsync(Patience);
        Assert.Equal("header", result[0]);
        Assert.Equal("footer after 1 stderr line(s)", result[^1]);
        Assert.Equal(["one", "two", "three"], result.Where(l => l is "one" or "two" or "three"));
        string[] expected = ["header", "one", "oops", "pit: a note", "three", "two", "footer after 1 stderr line(s)"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), result.Order(StringComparer.Ordinal));
        Assert.Equal(["oops"], seenOnStderr);
    }

    [Fact]
    public async Task A_slow_consumer_gets_every_line_of_heavy_output_in_order()
    {
        var (writer, reader) = Pipe();
        var (errReader, notes) = await SilentStderrAndNoNotes();
        var source = new AttemptOutputSource("h",
            [new AttemptOutputSource.OutputPipe(reader, null, null), new AttemptOutputSource.OutputPipe(errReader, null, null)],
            notes, Task.CompletedTask, () => "f", CancellationToken.None);
        var lines = Source.FromGraph(source)
            .SelectAsync(1, async line =>
            {
                await Task.Yield();
                return line;
            })
            .RunWith(Sink.Seq<string>(), _materializer);

        const int count = 20_000;
        var text = string.Concat(Enumerable.Range(0, count).Select(i => $"line {i}\n"));
        await writer.WriteAsync(Encoding.UTF8.GetBytes(text));
        await writer.DisposeAsync();

        var result = await lines.WaitAsync(Patience);
        Assert.Equal(count + 2, result.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"line {i}"), result.Skip(1).Take(count));
    }

    [Fact]
    public async Task A_pipe_held_open_is_let_go_when_reading_is_stopped()
    {
        var (writer, reader) = Pipe();
        var (errReader, notes) = await SilentStderrAndNoNotes();
        using var stop = new CancellationTokenSource();
        var closed = new TaskCompletionSource();
        var seen = new TaskCompletionSource();
        var source = new AttemptOutputSource("h",
            [
                new AttemptOutputSource.OutputPipe(reader, _ => seen.TrySetResult(), () => closed.TrySetResult()),
                new AttemptOutputSource.OutputPipe(errReader, null, null),
            ],
            notes, Task.CompletedTask, () => "f", stop.Token);
        var lines = Source.FromGraph(source).RunWith(Sink.Seq<string>(), _materializer);
        await writer.WriteAsync(Encoding.UTF8.GetBytes("read before the stop\n"));
        await seen.Task.WaitAsync(Patience);

        // The writer stays open, as a stray grandchild would keep it.
        await stop.CancelAsync();

        await closed.Task.WaitAsync(Patience);
        Assert.Equal(["h", "read before the stop", "f"], await lines.WaitAsync(Patience));
        await writer.DisposeAsync();
    }
}
