namespace Pit.Connectors.Sql;

/// <summary>Lines of a script, for error messages: which line an offset falls on, where a statement really starts.</summary>
internal static class ScriptLines
{
    /// <summary>The 1-based line of the character at <paramref name="offset"/>.</summary>
    public static int LineAt(string text, int offset)
    {
        var line = 1;
        for (var i = 0; i < Math.Min(offset, text.Length); i++)
            if (text[i] == '\n') line++;
        return line;
    }

    /// <summary>The 1-based line of the byte at <paramref name="offset"/> of UTF-8 text.</summary>
    public static int LineAt(ReadOnlySpan<byte> utf8, int offset) =>
        utf8[..Math.Min(offset, utf8.Length)].Count((byte)'\n') + 1;

    /// <summary>The offset of the first character from <paramref name="offset"/> on that is neither white space nor in a comment.</summary>
    public static int SkipTrivia(string text, int offset) => SkipTrivia(text.Length, i => text[i], offset);

    /// <inheritdoc cref="SkipTrivia(string,int)"/>
    public static int SkipTrivia(byte[] utf8, int offset) => SkipTrivia(utf8.Length, i => (char)utf8[i], offset);

    private static int SkipTrivia(int length, Func<int, char> at, int i)
    {
        while (i < length)
        {
            if (char.IsWhiteSpace(at(i))) i++;
            else if (i + 1 < length && at(i) == '-' && at(i + 1) == '-')
                while (i < length && at(i) != '\n') i++;
            else if (i + 1 < length && at(i) == '/' && at(i + 1) == '*')
            {
                i += 2;
                while (i + 1 < length && !(at(i) == '*' && at(i + 1) == '/')) i++;
                i = Math.Min(i + 2, length);
            }
            else break;
        }
        return i;
    }
}
