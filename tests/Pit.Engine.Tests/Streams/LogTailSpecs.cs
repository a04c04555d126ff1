using System.Text;
using Pit.Engine.Streams;

namespace Pit.Engine.Tests.Streams;

public sealed class LogTailSpecs : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pit-tail-" + Guid.NewGuid().ToString("N")[..12]);

    public LogTailSpecs() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Log => Path.Combine(_folder, "task.log");

    private void Append(byte[] bytes)
    {
        using var file = new FileStream(Log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        file.Write(bytes);
    }

    private void Append(string text) => Append(Encoding.UTF8.GetBytes(text));

    private static List<string> Texts(IReadOnlyList<LogTail.Line> lines) => lines.Select(l => l.Text).ToList();

    [Fact]
    public void A_missing_file_reads_as_empty_until_it_appears()
    {
        var tail = new LogTail(Path.Combine(_folder, "missing", "task.log"));

        Assert.Empty(tail.ReadNew());
        Assert.Equal(0, tail.Offset);
    }

    [Fact]
    public void Each_read_returns_only_the_lines_appended_since_the_last()
    {
        var tail = new LogTail(Log);
        Append("one\ntwo\n");
        Assert.Equal(["one", "two"], Texts(tail.ReadNew()));

        Append("\nthree\n");

        Assert.Equal(["", "three"], Texts(tail.ReadNew()));
        Assert.Empty(tail.ReadNew());
    }

    [Fact]
    public void A_line_without_its_newline_waits_for_it()
    {
        var tail = new LogTail(Log);
        Append("whole\nhal");

        Assert.Equal(["whole"], Texts(tail.ReadNew()));
        Assert.Empty(tail.ReadNew());

        Append("f\n");
        Assert.Equal(["half"], Texts(tail.ReadNew()));
    }

    [Fact]
    public void Offsets_count_bytes_so_multibyte_and_invalid_text_never_shifts_a_line()
    {
        var tail = new LogTail(Log);
        Append("é€🙂\n");
        Append([0xff, 0xfe, (byte)'x', (byte)'\n']);
        Append("after\n");

        var lines = tail.ReadNew();

        Assert.Equal(["é€🙂", "\ufffd\ufffdx", "after"], Texts(lines));
        Assert.Equal([10L, 14L, 20L], lines.Select(l => l.End));
        Assert.Equal(new FileInfo(Log).Length, tail.Offset);
    }

    [Fact]
    public void A_tail_resumed_at_a_lines_end_goes_on_from_there()
    {
        Append("first\nsecond\nthird\n");
        var end = new LogTail(Log).ReadNew()[0].End;

        var resumed = new LogTail(Log, end);

        Assert.Equal(["second", "third"], Texts(resumed.ReadNew()));
        Assert.True(LogTail.IsLineStart(Log, end));
        Assert.True(LogTail.IsLineStart(Log, 0));
        Assert.False(LogTail.IsLineStart(Log, end + 1));
        Assert.False(LogTail.IsLineStart(Log, new FileInfo(Log).Length + 6));
        Assert.False(LogTail.IsLineStart(Path.Combine(_folder, "missing.log"), 3));
    }

    [Fact]
    public void Lines_longer_than_a_chunk_come_whole_and_many_lines_come_over_several_reads()
    {
        var tail = new LogTail(Log);
        var longLine = new string('x', LogTail.ChunkBytes + 10);
        Append(longLine + "\n");
        var many = Enumerable.Range(0, 200_000).Select(i => "line " + i).ToList();
        Append(string.Join("\n", many) + "\n");

        var read = new List<string>();
        IReadOnlyList<LogTail.Line> lines;
        while ((lines = tail.ReadNew()).Count > 0) read.AddRange(Texts(lines));

        Assert.Equal([longLine, .. many], read);
        Assert.Equal(new FileInfo(Log).Length, tail.Offset);
    }
}
