namespace Pit.Cli.Control;

/// <summary>The word a Tab completes (from <paramref name="Start"/> to the cursor: <paramref name="Prefix"/>) and what it may become.</summary>
public sealed record CompletionMatches(int Start, string Prefix, IReadOnlyList<string> Words);

/// <summary>
/// Reads one line at a terminal, key by key: typing, Backspace/Delete, Left/Right/Home/End (and
/// Ctrl-A/E/U/K/W/L), Up/Down through the <see cref="CtlHistory"/>, Tab completion, Enter. Ctrl-C
/// drops the line and starts a fresh one; Ctrl-D on an empty line ends the input. The line is drawn
/// with ANSI cursor moves, scrolling sideways when it is wider than the terminal.
/// </summary>
public sealed class LineEditor(
    TextWriter output,
    Func<ConsoleKeyInfo> readKey,
    Func<int> width,
    CtlHistory history,
    Func<string, Task<CompletionMatches>> complete)
{
    /// <summary>A Tab lists at most this many matches.</summary>
    public const int MostListed = 100;

    private const string ClearToEnd = "\u001b[K";

    private readonly LineBuffer _buffer = new();

    /// <summary>The line typed (and recorded in the history), or null for Ctrl-D on an empty line.</summary>
    public async Task<string?> ReadLineAsync(string prompt)
    {
        _buffer.Clear();
        history.Reset();
        Draw(prompt);
        var lastWasTab = false;
        while (true)
        {
            var key = readKey();
            var isTab = key.Key == ConsoleKey.Tab || key.KeyChar == '\t';
            if (isTab)
            {
                await TabAsync(prompt, lastWasTab);
                lastWasTab = true;
                continue;
            }
            lastWasTab = false;
            if (key.Key == ConsoleKey.Enter || key.KeyChar is '\r' or '\n')
            {
                output.Write("\r\n");
                output.Flush();
                history.Add(_buffer.Text);
                return _buffer.Text;
            }
            if (Control(key, 'C'))
            {
                output.Write("^C\r\n");
                _buffer.Clear();
                history.Reset();
                Draw(prompt);
                continue;
            }
            if (Control(key, 'D') && _buffer.Length == 0)
            {
                output.Write("\r\n");
                output.Flush();
                return null;
            }
            if (Edit(key)) Draw(prompt);
        }
    }

    /// <summary>Applies an editing key; true when the line or the cursor changed (or the screen must be drawn again).</summary>
    private bool Edit(ConsoleKeyInfo key)
    {
        switch (key.Key)
        {
            case ConsoleKey.Backspace:
                return _buffer.DeleteBack();
            case ConsoleKey.Delete:
                return _buffer.DeleteForward();
            case ConsoleKey.LeftArrow:
                return _buffer.Left();
            case ConsoleKey.RightArrow:
                return _buffer.Right();
            case ConsoleKey.Home:
                return _buffer.Home();
            case ConsoleKey.End:
                return _buffer.End();
            case ConsoleKey.UpArrow:
                return Recall(history.Previous(_buffer.Text));
            case ConsoleKey.DownArrow:
                return Recall(history.Next());
        }
        if (key.KeyChar == '\u007f' || key.KeyChar == '\b') return _buffer.DeleteBack();
        if (Control(key, 'D')) return _buffer.DeleteForward();
        if (Control(key, 'A')) return _buffer.Home();
        if (Control(key, 'E')) return _buffer.End();
        if (Control(key, 'B')) return _buffer.Left();
        if (Control(key, 'F')) return _buffer.Right();
        if (Control(key, 'U')) return _buffer.DeleteToStart();
        if (Control(key, 'K')) return _buffer.DeleteToEnd();
        if (Control(key, 'W')) return _buffer.DeleteWordBack();
        if (Control(key, 'P')) return Recall(history.Previous(_buffer.Text));
        if (Control(key, 'N')) return Recall(history.Next());
        if (Control(key, 'L'))
        {
            output.Write("\u001b[H\u001b[2J");
            return true;
        }
        if (key.KeyChar == '\0' || char.IsControl(key.KeyChar)) return false;
        _buffer.Insert(key.KeyChar.ToString());
        return true;
    }

    private bool Recall(string? line)
    {
        if (line is null) return false;
        _buffer.Set(line);
        return true;
    }

    private async Task TabAsync(string prompt, bool again)
    {
        var matches = await complete(_buffer.BeforeCursor);
        var answer = Completion.Tab(matches.Prefix, matches.Words, again);
        if (answer.Insert is { } insert)
        {
            _buffer.ReplaceBeforeCursor(matches.Start, insert);
            Draw(prompt);
        }
        else if (answer.List.Count > 0)
        {
            output.Write("\r\n");
            List(answer.List);
            Draw(prompt);
        }
    }

    /// <summary>The matches in columns under the prompt line.</summary>
    private void List(IReadOnlyList<string> words)
    {
        var shown = words.Take(MostListed).ToList();
        var column = shown.Max(w => w.Length) + 2;
        var perRow = Math.Max(1, (Columns() - 1) / column);
        for (var i = 0; i < shown.Count; i += perRow)
        {
            var row = shown.Skip(i).Take(perRow).Select((w, n) => n == perRow - 1 ? w : w.PadRight(column));
            output.Write(string.Concat(row).TrimEnd() + "\r\n");
        }
        if (words.Count > shown.Count) output.Write($"… and {words.Count - shown.Count} more\r\n");
    }

    private void Draw(string prompt)
    {
        var (shown, column) = _buffer.Window(Columns() - prompt.Length - 1);
        output.Write("\r" + prompt + shown + ClearToEnd);
        if (shown.Length > column) output.Write($"\u001b[{shown.Length - column}D");
        output.Flush();
    }

    private int Columns()
    {
        var columns = width();
        return columns > 0 ? columns : 80;
    }

    /// <summary>Ctrl and <paramref name="letter"/>, however the console reported it.</summary>
    private static bool Control(ConsoleKeyInfo key, char letter) =>
        key.KeyChar == letter - 'A' + 1 || (key.Modifiers.HasFlag(ConsoleModifiers.Control) && key.Key == (ConsoleKey)letter);
}
