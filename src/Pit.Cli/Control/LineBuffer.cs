using System.Text;

namespace Pit.Cli.Control;

/// <summary>
/// The line being typed at the prompt and the cursor in it: the edits a key makes, with no
/// terminal in sight (the <see cref="LineEditor"/> reads keys and draws).
/// </summary>
public sealed class LineBuffer
{
    private readonly StringBuilder _text = new();

    public string Text => _text.ToString();

    /// <summary>Where the cursor stands: 0 before the first character, <see cref="Length"/> after the last.</summary>
    public int Cursor { get; private set; }

    public int Length => _text.Length;

    /// <summary>The text left of the cursor (what completion looks at).</summary>
    public string BeforeCursor => _text.ToString(0, Cursor);

    public void Insert(string text)
    {
        _text.Insert(Cursor, text);
        Cursor += text.Length;
    }

    /// <summary>Backspace: removes the character left of the cursor; false when there is none.</summary>
    public bool DeleteBack()
    {
        if (Cursor == 0) return false;
        _text.Remove(--Cursor, 1);
        return true;
    }

    /// <summary>Delete: removes the character under the cursor; false when at the end.</summary>
    public bool DeleteForward()
    {
        if (Cursor == Length) return false;
        _text.Remove(Cursor, 1);
        return true;
    }

    /// <summary>Ctrl-W: removes the word left of the cursor (and the spaces after it).</summary>
    public bool DeleteWordBack()
    {
        var start = Cursor;
        while (start > 0 && _text[start - 1] == ' ') start--;
        while (start > 0 && _text[start - 1] != ' ') start--;
        if (start == Cursor) return false;
        _text.Remove(start, Cursor - start);
        Cursor = start;
        return true;
    }

    /// <summary>Ctrl-U: removes everything left of the cursor.</summary>
    public bool DeleteToStart()
    {
        if (Cursor == 0) return false;
        _text.Remove(0, Cursor);
        Cursor = 0;
        return true;
    }

    /// <summary>Ctrl-K: removes everything from the cursor on.</summary>
    public bool DeleteToEnd()
    {
        if (Cursor == Length) return false;
        _text.Remove(Cursor, Length - Cursor);
        return true;
    }

    public bool Left() => Move(Cursor - 1);

    public bool Right() => Move(Cursor + 1);

    public bool Home() => Move(0);

    public bool End() => Move(Length);

    /// <summary>Replaces the whole line (a line from history), with the cursor at its end.</summary>
    public void Set(string text)
    {
        _text.Clear().Append(text);
        Cursor = text.Length;
    }

    public void Clear() => Set("");

    /// <summary>Replaces the text from <paramref name="start"/> to the cursor with <paramref name="text"/> (a completed word).</summary>
    public void ReplaceBeforeCursor(int start, string text)
    {
        if (start < 0 || start > Cursor) throw new ArgumentOutOfRangeException(nameof(start), start, $"must be from 0 to the cursor ({Cursor})");
        _text.Remove(start, Cursor - start).Insert(start, text);
        Cursor = start + text.Length;
    }

    /// <summary>
    /// What fits in <paramref name="room"/> columns (at least 2): the whole line when it is shorter,
    /// otherwise a window that scrolls sideways to keep the cursor in view; and the cursor's column in it.
    /// </summary>
    public (string Shown, int CursorColumn) Window(int room)
    {
        room = Math.Max(room, 2);
        if (Length < room) return (Text, Cursor);
        // Keep one column free for the cursor after the last character.
        var start = Math.Clamp(Cursor - (room - 1), 0, Length);
        var length = Math.Min(room - 1, Length - start);
        return (_text.ToString(start, length), Cursor - start);
    }

    private bool Move(int to)
    {
        to = Math.Clamp(to, 0, Length);
        if (to == Cursor) return false;
        Cursor = to;
        return true;
    }
}
