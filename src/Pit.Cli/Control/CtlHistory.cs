namespace Pit.Cli.Control;

/// <summary>
/// The lines typed at the <c>pit ctl</c> prompt, oldest first, walked with Up and Down. Kept in
/// <c>&lt;workspace&gt;/.pit/ctl_history</c> (the last <see cref="Limit"/> lines, readable by
/// its owner only) when a file is given; in memory only otherwise.
/// </summary>
public sealed class CtlHistory
{
    public const int Limit = 500;
    public const string FileName = "ctl_history";

    private readonly List<string> _lines;
    private readonly string? _path;
    private int _position;
    private string _draft = "";

    private CtlHistory(string? path, List<string> lines)
    {
        _path = path;
        _lines = lines;
        _position = lines.Count;
    }

    public IReadOnlyList<string> Lines => _lines;

    /// <summary>A history that lives in memory only.</summary>
    public static CtlHistory InMemory(IEnumerable<string>? lines = null) => new(null, Newest(lines ?? []));

    /// <summary>The history kept in <paramref name="path"/> (read now; an unreadable file starts an empty one).</summary>
    public static CtlHistory Open(string path) => new(path, Newest(Read(path)));

    /// <summary>
    /// Records a line the user ran, trimmed (not an empty one, nor the same as the one before), writes the
    /// file, and starts the next walk from the newest line.
    /// </summary>
    public void Add(string line)
    {
        _position = _lines.Count;
        _draft = "";
        line = line.Trim();
        if (line.Length == 0 || (_lines.Count > 0 && _lines[^1] == line)) return;
        _lines.Add(line);
        if (_lines.Count > Limit) _lines.RemoveRange(0, _lines.Count - Limit);
        _position = _lines.Count;
        if (_path is not null) Save(_path, line);
    }

    /// <summary>Up: the line before the one shown, keeping <paramref name="current"/> (the line being typed) to come back to; null at the oldest.</summary>
    public string? Previous(string current)
    {
        if (_position == 0) return null;
        if (_position == _lines.Count) _draft = current;
        return _lines[--_position];
    }

    /// <summary>Down: the line after the one shown, then the line that was being typed; null when already there.</summary>
    public string? Next()
    {
        if (_position >= _lines.Count) return null;
        _position++;
        return _position == _lines.Count ? _draft : _lines[_position];
    }

    /// <summary>Forgets where Up and Down had got to (the line was cleared).</summary>
    public void Reset()
    {
        _position = _lines.Count;
        _draft = "";
    }

    private static List<string> Newest(IEnumerable<string> lines)
    {
        var kept = lines.Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        if (kept.Count > Limit) kept.RemoveRange(0, kept.Count - Limit);
        return kept;
    }

    private static IEnumerable<string> Read(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllLines(path) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>
    /// Appends <paramref name="line"/> to what the file holds now (another prompt may have added to it),
    /// keeps the last <see cref="Limit"/> lines and replaces the file in one move, mode 0600.
    /// A history that cannot be written is not worth stopping the prompt for.
    /// </summary>
    private static void Save(string path, string line)
    {
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var lines = Newest(Read(path).Append(line));
            File.Delete(temp); // a leftover would keep its own mode
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var writer = new StreamWriter(temp, options))
            {
                foreach (var each in lines) writer.WriteLine(each);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}
