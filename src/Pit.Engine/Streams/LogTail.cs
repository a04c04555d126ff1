using System.Text;

namespace Pit.Engine.Streams;

/// <summary>
/// A task log read as it grows: each <see cref="ReadNew"/> returns the whole lines appended since
/// the last call, and a last line still without its newline waits for it. Positions are bytes, so
/// a line is never returned twice nor skipped, whatever its characters. The file is opened for
/// each read with every sharing mode, so the task writing it (or retention removing it) is never in
/// the way; a file that does not exist yet reads as empty. Used by <c>pit logs -f</c> and the API's
/// log stream.
/// </summary>
public sealed class LogTail
{
    /// <summary>How much one <see cref="ReadNew"/> reads at most (more when a single line is longer).</summary>
    public const int ChunkBytes = 1024 * 1024;

    /// <param name="offset">Where to start: 0, or a position a previous tail of this file reached.</param>
    public LogTail(string path, long offset = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        Path = path;
        Offset = offset;
    }

    public string Path { get; }

    /// <summary>The byte position just after the last line returned.</summary>
    public long Offset { get; private set; }

    /// <summary>A line of the log (without its <c>\n</c>) and the byte position just after it.</summary>
    public sealed record Line(string Text, long End);

    /// <summary>The whole lines appended since the last call, oldest first; empty when none.</summary>
    public IReadOnlyList<Line> ReadNew()
    {
        using var stream = Open(Path);
        if (stream is null || stream.Length <= Offset) return [];
        stream.Seek(Offset, SeekOrigin.Begin);
        var buffer = new MemoryStream();
        var chunk = new byte[(int)Math.Min(ChunkBytes, stream.Length - Offset)];
        var found = false;
        // Read a chunk; a line longer than a chunk keeps reading until its newline (or what is there).
        while (!found)
        {
            var read = stream.Read(chunk, 0, chunk.Length);
            if (read == 0) break;
            found = chunk.AsSpan(0, read).Contains((byte)'\n');
            buffer.Write(chunk, 0, read);
        }
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var lines = new List<Line>();
        int at;
        while ((at = bytes.IndexOf((byte)'\n')) >= 0)
        {
            Offset += at + 1;
            lines.Add(new Line(Encoding.UTF8.GetString(bytes[..at]), Offset));
            bytes = bytes[(at + 1)..];
        }
        return lines;
    }

    /// <summary>True when <paramref name="offset"/> is where a line of the file starts (or its end): a place a tail may resume from.</summary>
    public static bool IsLineStart(string path, long offset)
    {
        if (offset == 0) return true;
        using var stream = Open(path);
        if (stream is null || offset < 0 || offset > stream.Length) return false;
        stream.Seek(offset - 1, SeekOrigin.Begin);
        return stream.ReadByte() == '\n';
    }

    private static FileStream? Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
