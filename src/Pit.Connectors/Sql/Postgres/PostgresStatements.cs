namespace Pit.Connectors.Sql.Postgres;

/// <summary>
/// Where each statement of a script starts, counted the way Npgsql splits a command's text: at
/// semicolons outside quotes ('…', E'…', "…", $tag$…$tag$), comments (-- and nested /* */) and
/// parentheses, each statement without its leading white space, empty ones included. Only used to
/// turn an error position into a line; nothing is sent split.
/// </summary>
internal static class PostgresStatements
{
    public static IReadOnlyList<int> Starts(string sql)
    {
        var starts = new List<int>();
        var start = 0;
        var depth = 0;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\'') i = SkipQuoted(sql, i, escapes: i > 0 && (sql[i - 1] is 'E' or 'e') && !IsIdentifierChar(sql, i - 2));
            else if (c == '"') i = SkipQuoted(sql, i, escapes: false);
            else if (c == '-' && At(sql, i + 1, '-')) i = SkipLine(sql, i);
            else if (c == '/' && At(sql, i + 1, '*')) i = SkipBlockComment(sql, i);
            else if (c == '$' && DollarTag(sql, i) is { } tag) i = SkipDollarQuoted(sql, i, tag);
            else
            {
                if (c == '(') depth++;
                else if (c == ')' && depth > 0) depth--;
                else if (c == ';' && depth == 0)
                {
                    starts.Add(SkipWhiteSpace(sql, start));
                    start = i + 1;
                }
                i++;
            }
        }
        if (SkipWhiteSpace(sql, start) < sql.Length) starts.Add(SkipWhiteSpace(sql, start));
        return starts;
    }

    private static bool At(string s, int i, char c) => i < s.Length && s[i] == c;

    private static bool IsIdentifierChar(string s, int i) => i >= 0 && (char.IsLetterOrDigit(s[i]) || s[i] == '_');

    private static int SkipWhiteSpace(string s, int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
        return i;
    }

    private static int SkipQuoted(string s, int i, bool escapes)
    {
        var quote = s[i++];
        while (i < s.Length)
        {
            if (escapes && s[i] == '\\') i += 2;
            else if (s[i] == quote && At(s, i + 1, quote)) i += 2;
            else if (s[i] == quote) return i + 1;
            else i++;
        }
        return i;
    }

    private static int SkipLine(string s, int i)
    {
        while (i < s.Length && s[i] != '\n') i++;
        return i;
    }

    private static int SkipBlockComment(string s, int i)
    {
        var depth = 0;
        while (i < s.Length)
        {
            if (s[i] == '/' && At(s, i + 1, '*')) { depth++; i += 2; }
            else if (s[i] == '*' && At(s, i + 1, '/')) { i += 2; if (--depth == 0) return i; }
            else i++;
        }
        return i;
    }

    /// <summary>The tag of a dollar quote opening at <paramref name="i"/> (<c>$$</c> or <c>$name$</c>), or null (a parameter such as <c>$1</c>).</summary>
    private static string? DollarTag(string s, int i)
    {
        if (IsIdentifierChar(s, i - 1)) return null;
        var j = i + 1;
        while (j < s.Length && (char.IsLetterOrDigit(s[j]) || s[j] == '_')) j++;
        if (j >= s.Length || s[j] != '$') return null;
        var tag = s[i..(j + 1)];
        return tag.Length > 2 && char.IsDigit(tag[1]) ? null : tag;
    }

    private static int SkipDollarQuoted(string s, int i, string tag)
    {
        var end = s.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
        return end < 0 ? s.Length : end + tag.Length;
    }
}
