using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Pit.Engine.Runners;

/// <summary>
/// Splits a command into words the way a POSIX shell does, and nothing more: blanks separate words;
/// <c>'…'</c> keeps everything literally; <c>"…"</c> keeps everything except that a backslash escapes
/// <c>"</c>, <c>\</c>, <c>$</c> and <c>`</c>; outside quotes a backslash escapes any character. No
/// variables, globs, pipes or redirections: a word is always passed to the program as it reads.
/// </summary>
public static class CommandWords
{
    public static bool TrySplit(string command, [NotNullWhen(true)] out IReadOnlyList<string>? words, [NotNullWhen(false)] out string? error)
    {
        var result = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        words = null;
        error = null;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            switch (c)
            {
                case ' ' or '\t' or '\n' or '\r':
                    if (inWord) result.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                    break;
                case '\'':
                    var close = command.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        error = $"unterminated single quote in command: {command}";
                        return false;
                    }
                    word.Append(command, i + 1, close - i - 1);
                    i = close;
                    inWord = true;
                    break;
                case '"':
                    if (!TryReadDoubleQuoted(command, ref i, word))
                    {
                        error = $"unterminated double quote in command: {command}";
                        return false;
                    }
                    inWord = true;
                    break;
                case '\\':
                    if (i + 1 == command.Length)
                    {
                        error = $"trailing backslash in command: {command}";
                        return false;
                    }
                    i++;
                    if (command[i] == '\n') break; // a line continuation joins the lines
                    word.Append(command[i]);
                    inWord = true;
                    break;
                default:
                    word.Append(c);
                    inWord = true;
                    break;
            }
        }
        if (inWord) result.Add(word.ToString());
        words = result;
        return true;
    }

    /// <summary>Reads from the opening quote at <paramref name="i"/> to its closing quote, leaving <paramref name="i"/> on it.</summary>
    private static bool TryReadDoubleQuoted(string command, ref int i, StringBuilder word)
    {
        for (i++; i < command.Length; i++)
        {
            var c = command[i];
            if (c == '"') return true;
            if (c == '\\' && i + 1 < command.Length && command[i + 1] is '"' or '\\' or '$' or '`' or '\n')
            {
                i++;
                if (command[i] != '\n') word.Append(command[i]);
                continue;
            }
            word.Append(c);
        }
        return false;
    }

    /// <summary>Quotes a word for display (and for pasting into a shell) when it needs it.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '=' or ':' or ',' or '+' or '@' or '%')
            ? word
            : "'" + word.Replace("'", "'\\''") + "'";

    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));
}
