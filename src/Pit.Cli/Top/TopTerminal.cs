namespace Pit.Cli.Top;

/// <summary>
/// The terminal while <c>pit top</c> runs: the alternate screen with the cursor hidden, Ctrl-C read
/// as a key, keys read on a background thread, and each frame drawn over the last from the top-left
/// corner. <see cref="DisposeAsync"/> puts everything back.
/// </summary>
public sealed class TopTerminal : IAsyncDisposable
{
    private const string Escape = "\u001b[";

    private readonly TextWriter _out;
    private readonly bool _controlCWasInput;
    private readonly Action<ConsoleKeyInfo> _key;
    private volatile bool _closed;
    private (int Width, int Height) _drawn;

    /// <param name="output">The terminal (stdout).</param>
    /// <param name="key">Called on the reading thread with each key pressed.</param>
    public TopTerminal(TextWriter output, Action<ConsoleKeyInfo> key)
    {
        _out = output;
        _key = key;
        _controlCWasInput = Console.TreatControlCAsInput;
        Console.TreatControlCAsInput = true;
        _out.Write($"{Escape}?1049h{Escape}?25l{Escape}2J");
        _out.Flush();
        new Thread(ReadKeys) { IsBackground = true, Name = "pit top keys" }.Start();
    }

    /// <summary>The terminal's size now (it may have been resized).</summary>
    public static (int Width, int Height) Size()
    {
        try
        {
            return (Math.Max(Console.WindowWidth, 20), Math.Max(Console.WindowHeight, 10));
        }
        catch (IOException)
        {
            return (80, 24);
        }
    }

    /// <summary>Draws <paramref name="lines"/> (each exactly the width of the screen) from the top-left corner, without scrolling.</summary>
    public void Draw(IReadOnlyList<string> lines, (int Width, int Height) size)
    {
        var frame = new System.Text.StringBuilder();
        if (size != _drawn) frame.Append(Escape).Append("2J");
        _drawn = size;
        frame.Append(Escape).Append('H');
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0) frame.Append("\r\n");
            frame.Append(lines[i]);
        }
        frame.Append(Escape).Append("0m");
        _out.Write(frame.ToString());
        _out.Flush();
    }

    public ValueTask DisposeAsync()
    {
        _out.Write($"{Escape}0m{Escape}2J{Escape}H{Escape}?25h{Escape}?1049l");
        _out.Flush();
        Console.TreatControlCAsInput = _controlCWasInput;
        _closed = true;
        return ValueTask.CompletedTask;
    }

    private void ReadKeys()
    {
        try
        {
            while (!_closed)
            {
                var key = Console.ReadKey(intercept: true);
                if (!_closed) _key(key);
            }
        }
        catch (InvalidOperationException)
        {
            // stdin is not a terminal (or went away): no keys, only Ctrl-C's signal ends the view.
        }
        catch (IOException)
        {
        }
    }
}
