using System.Buffers;
using System.Text;

namespace Pit.Engine.Streams;

/// <summary>
/// Bytes → lines, a chunk at a time: splits on '\n' and drops a '\r' before it; a line longer than
/// the maximum without a newline comes out in pieces of at most that many bytes (cut between UTF-8
/// characters), so memory stays bounded whatever a task prints. Invalid UTF-8 becomes U+FFFD.
/// <see cref="Flush"/> emits a last line without a newline. Its buffer is pooled: dispose it.
/// </summary>
public sealed class LineSplitter : IDisposable
{
    private readonly byte[] _pending;
    private readonly int _capacity;
    private int _length;

    public LineSplitter(int maxLineBytes)
    {
        if (maxLineBytes < 4) throw new ArgumentOutOfRangeException(nameof(maxLineBytes), "at least 4 bytes (one UTF-8 character)");
        _capacity = maxLineBytes;
        _pending = ArrayPool<byte>.Shared.Rent(maxLineBytes);
    }

    public void Split(ReadOnlySpan<byte> data, Action<string> emit)
    {
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            Append(newline < 0 ? data : data[..newline], emit);
            if (newline < 0) return;
            EmitLine(emit);
            data = data[(newline + 1)..];
        }
    }

    /// <summary>The end of the bytes: a last line without a newline comes out.</summary>
    public void Flush(Action<string> emit)
    {
        if (_length > 0) EmitLine(emit);
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_pending);

    /// <summary>Adds bytes of the current line; a full buffer is cut off as a piece only once more bytes come.</summary>
    private void Append(ReadOnlySpan<byte> part, Action<string> emit)
    {
        while (!part.IsEmpty)
        {
            if (_length == _capacity) EmitPiece(emit);
            var n = Math.Min(_capacity - _length, part.Length);
            part[..n].CopyTo(_pending.AsSpan(_length));
            _length += n;
            part = part[n..];
        }
    }

    private void EmitLine(Action<string> emit)
    {
        var end = _length > 0 && _pending[_length - 1] == '\r' ? _length - 1 : _length;
        var line = Encoding.UTF8.GetString(_pending, 0, end);
        _length = 0;
        emit(line);
    }

    private void EmitPiece(Action<string> emit)
    {
        var cut = CharacterBoundary(_pending.AsSpan(0, _length));
        var piece = Encoding.UTF8.GetString(_pending, 0, cut);
        _pending.AsSpan(cut, _length - cut).CopyTo(_pending);
        _length -= cut;
        emit(piece);
    }

    /// <summary>Where to cut <paramref name="bytes"/> so that a UTF-8 character started in its last three bytes is not split.</summary>
    internal static int CharacterBoundary(ReadOnlySpan<byte> bytes)
    {
        var start = bytes.Length - 1;
        while (start > 0 && start > bytes.Length - 4 && (bytes[start] & 0xC0) == 0x80) start--;
        var lead = bytes[start];
        var size = lead switch
        {
            < 0x80 => 1,
            _ when (lead & 0xE0) == 0xC0 => 2,
            _ when (lead & 0xF0) == 0xE0 => 3,
            _ when (lead & 0xF8) == 0xF0 => 4,
            _ => 1,
        };
        return start > 0 && start + size > bytes.Length ? start : bytes.Length;
    }
}
