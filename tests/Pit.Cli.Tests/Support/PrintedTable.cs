using System.Text.RegularExpressions;

namespace Pit.Cli.Tests.Support;

/// <summary>
/// Reads back a table <c>pit</c> printed (columns padded to their widest cell, two spaces apart):
/// each cell is sliced at its header's column, so empty cells and cells with spaces read right.
/// </summary>
public sealed partial class PrintedTable
{
    private readonly List<(string Name, int At)> _columns;
    private readonly List<string> _lines;
    private readonly string _text;

    private PrintedTable(List<(string, int)> columns, List<string> lines, string text)
    {
        _columns = columns;
        _lines = lines;
        _text = text;
    }

    /// <summary>The table whose header line starts (after indentation) with <paramref name="headerStart"/>.</summary>
    public static PrintedTable Find(string text, string headerStart)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var header = lines.FindIndex(l => l.TrimStart().StartsWith(headerStart, StringComparison.Ordinal));
        if (header < 0) throw new InvalidOperationException($"no table headed '{headerStart}' in:\n{text}");
        var columns = HeaderCell().Matches(lines[header]).Select(m => (m.Value, m.Index)).ToList();
        // Rows are the lines below, as indented as the first column (a "logs: …" line after an indented table is not one).
        var indent = columns[0].Item2;
        var rows = lines.Skip(header + 1)
            .TakeWhile(l => l.Trim().Length > 0 && string.IsNullOrWhiteSpace(l[..Math.Min(indent, l.Length)]))
            .ToList();
        return new PrintedTable(columns, rows, text);
    }

    /// <summary>The first column of every row.</summary>
    public IReadOnlyList<string> Keys => _lines.Select(l => Cells(l)[_columns[0].Name]).ToList();

    /// <summary>The row whose first cell is <paramref name="key"/>, as header → cell.</summary>
    public IReadOnlyDictionary<string, string> Row(string key) =>
        _lines.Select(Cells).FirstOrDefault(c => c[_columns[0].Name] == key)
        ?? throw new InvalidOperationException($"no row '{key}' in:\n{_text}");

    private Dictionary<string, string> Cells(string line)
    {
        var cells = new Dictionary<string, string>();
        for (var i = 0; i < _columns.Count; i++)
        {
            var start = Math.Min(_columns[i].At, line.Length);
            var end = i + 1 < _columns.Count ? Math.Min(_columns[i + 1].At, line.Length) : line.Length;
            cells[_columns[i].Name] = line[start..end].Trim();
        }
        return cells;
    }

    [GeneratedRegex(@"\S+(?: \S+)*")]
    private static partial Regex HeaderCell();
}
