using System.Text;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit.Xunit2;
using Pit.Engine.Streams;

namespace Pit.Engine.Tests.Streams;

public sealed class LineFramingSpecs : TestKit
{
    private readonly IMaterializer _materializer;

    public LineFramingSpecs()
    {
        _materializer = Sys.Materializer();
    }

    private async Task<IReadOnlyList<string>> Frame(int maxLineBytes, params byte[][] chunks) =>
        await Source.From(chunks.Select(ByteString.FromBytes))
            .Via(new LineFraming(maxLineBytes))
            .RunWith(Sink.Seq<string>(), _materializer)
            .WaitAsync(TimeSpan.FromSeconds(30));

    private Task<IReadOnlyList<string>> Frame(int maxLineBytes, params string[] chunks) =>
        Frame(maxLineBytes, chunks.Select(Encoding.UTF8.GetBytes).ToArray());

    [Fact]
    public async Task Splits_on_newlines_across_chunks_and_keeps_a_last_line_without_one()
    {
        Assert.Equal(["abc", "def", "g"], await Frame(64, "ab", "c\nde", "f\n", "g"));
    }

    [Fact]
    public async Task Keeps_empty_lines_and_strips_the_carriage_return_of_CRLF_only()
    {
        Assert.Equal(["", "a", "b\rc", ""], await Frame(64, "\na\r\nb\rc\r", "\n\n"));
    }

    [Fact]
    public async Task Emits_nothing_for_no_input()
    {
        Assert.Empty(await Frame(64, Array.Empty<string>()));
        Assert.Empty(await Frame(64, ""));
    }

    [Fact]
    public async Task Cuts_a_line_longer_than_the_limit_into_pieces()
    {
        Assert.Equal(["01234567", "89abcdef", "XYZ", "next"], await Frame(8, "0123456789ab", "cdefXYZ\nnext\n"));
    }

    [Fact]
    public async Task A_line_of_exactly_the_limit_is_one_line()
    {
        Assert.Equal(["01234567", "z"], await Frame(8, "0123", "4567", "\nz"));
    }

    [Fact]
    public async Task Never_cuts_inside_a_UTF8_character()
    {
        // "abcde" + é (2 bytes) + € (3 bytes): a cut at 8 bytes would split the euro sign.
        Assert.Equal(["abcdeé", "€x"], await Frame(8, "abcdeé€x\n"));
    }

    [Fact]
    public async Task Invalid_UTF8_becomes_replacement_characters()
    {
        Assert.Equal(["f\uFFFD\uFFFD", "ok"], await Frame(64, [0x66, 0xFF, 0xFE, 0x0A], "ok"u8.ToArray()));
    }

    [Fact]
    public async Task Megabytes_without_a_newline_come_out_in_bounded_pieces()
    {
        var chunk = Enumerable.Repeat((byte)'x', 100_000).ToArray();
        var lines = await Frame(LineFraming.DefaultMaxLineBytes, Enumerable.Repeat(chunk, 30).ToArray());
        Assert.Equal(3_000_000, lines.Sum(line => line.Length));
        Assert.All(lines, line => Assert.InRange(line.Length, 1, LineFraming.DefaultMaxLineBytes));
        Assert.Equal(3_000_000 / LineFraming.DefaultMaxLineBytes + 1, lines.Count);
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x62 }, 2)]
    [InlineData(new byte[] { 0x61, 0xC3 }, 1)]
    [InlineData(new byte[] { 0x61, 0xC3, 0xA9 }, 3)]
    [InlineData(new byte[] { 0x61, 0xE2, 0x82 }, 1)]
    [InlineData(new byte[] { 0x61, 0x62, 0xF0, 0x9F, 0x98 }, 2)]
    [InlineData(new byte[] { 0x61, 0xF0, 0x9F, 0x98, 0x80 }, 5)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80 }, 5)]
    [InlineData(new byte[] { 0xE2, 0x82 }, 2)]
    public void Character_boundary(byte[] bytes, int cut)
    {
        Assert.Equal(cut, LineSplitter.CharacterBoundary(bytes));
    }
}
