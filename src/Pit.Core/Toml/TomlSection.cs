using System.Globalization;
using Pit.Core.Time;
using Pit.Core.Validation;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Pit.Core.Toml;

/// <summary>
/// One TOML table with the positions of its keys. Every typed getter reports a wrong type as an
/// error naming the file, line, column and field, and returns null so reading can go on and
/// collect every problem in one pass.
/// </summary>
public sealed class TomlSection
{
    private readonly TomlTable _table;
    private readonly KeyPositionStore _store;
    private readonly TomlPropertiesMetadata? _metadata;
    private readonly ConfigErrorList _errors;
    private readonly string _file;

    private readonly string _text;

    /// <param name="header">Where the table's own header is, when known (<c>[[tasks]]</c> entries).</param>
    /// <param name="fallback">Where the parent names this table, used when the table has no keys.</param>
    internal TomlSection(TomlTable table, KeyPositionStore store, string text, string path, SourceLocation? header, SourceLocation fallback, ConfigErrorList errors)
    {
        _table = table;
        _store = store;
        _text = text;
        _errors = errors;
        _file = fallback.File;
        Path = path;
        store.TryGetProperties(table, out _metadata);
        Location = header ?? FirstKeyLocation() ?? fallback;
    }

    /// <summary>The dotted field path of this table, e.g. <c>dag.requires</c> or <c>tasks[2]</c>.</summary>
    public string Path { get; }

    /// <summary>Where this table starts (its first key), or where its parent names it.</summary>
    public SourceLocation Location { get; }

    public string File => _file;

    public IEnumerable<string> Keys => _table.Keys;

    public bool Has(string key) => _table.ContainsKey(key);

    public string FieldOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public SourceLocation LocationOf(string key)
    {
        if (_metadata is not null && _metadata.TryGetProperty(key, out var property) && property is not null)
        {
            // Tomlyn positions are 0-based; people count from 1.
            var start = property.Span.Start;
            return new SourceLocation(_file, start.Line + 1, start.Column + 1);
        }
        return Location;
    }

    public void Error(string key, string message) => _errors.Add(LocationOf(key).Error(FieldOf(key), message));

    public void ErrorHere(string message) => _errors.Add(Location.Error(Path, message));

    /// <summary>Reports a key that should be in this table but is not (located at the table).</summary>
    public void Missing(string key, string message) => _errors.Add(Location.Error(FieldOf(key), message));

    /// <summary>Reports every key not in <paramref name="known"/>, with a "did you mean" for near misses.</summary>
    public void RejectUnknownKeys(IReadOnlyCollection<string> known)
    {
        foreach (var key in _table.Keys)
        {
            if (known.Contains(key)) continue;
            var guess = Spelling.Closest(key, known);
            Error(key, guess is null
                ? $"unknown key '{key}' (known keys: {string.Join(", ", known)})"
                : $"unknown key '{key}' (did you mean '{guess}'?)");
        }
    }

    public object? Raw(string key) => _table.TryGetValue(key, out var value) ? value : null;

    public string? String(string key) => Get<string>(key, "a string");

    public bool? Bool(string key) => _table.TryGetValue(key, out var value) && value is bool b ? b : WrongType<bool>(key, "true or false");

    public long? Integer(string key) => _table.TryGetValue(key, out var value) && value is long l ? l : WrongType<long>(key, "an integer");

    /// <summary>An integer that must be at least <paramref name="minimum"/>.</summary>
    public int? Count(string key, int minimum)
    {
        var value = Integer(key);
        if (value is null) return null;
        if (value < minimum || value > int.MaxValue)
        {
            Error(key, $"must be a whole number of at least {minimum}, got {value}");
            return null;
        }
        return (int)value.Value;
    }

    public double? Number(string key)
    {
        if (!_table.TryGetValue(key, out var value)) return null;
        return value switch
        {
            double d => d,
            long l => l,
            _ => WrongType<double>(key, "a number"),
        };
    }

    /// <summary>A duration such as <c>500ms</c>, <c>30s</c>, <c>1h30m</c> or <c>2d</c>.</summary>
    public TimeSpan? Duration(string key)
    {
        var text = String(key);
        if (text is null) return null;
        if (DurationText.TryParse(text, out var duration, out var problem)) return duration;
        Error(key, problem);
        return null;
    }

    /// <summary>A duration that must be longer than zero (timeouts, intervals, windows).</summary>
    public TimeSpan? PositiveDuration(string key)
    {
        var duration = Duration(key);
        if (duration != TimeSpan.Zero) return duration;
        Error(key, $"'{key}' must be longer than zero");
        return null;
    }

    /// <summary>One of a fixed set of words, mapped to a value.</summary>
    public T? Choice<T>(string key, IReadOnlyDictionary<string, T> choices) where T : struct
    {
        var text = String(key);
        if (text is null) return null;
        if (choices.TryGetValue(text, out var value)) return value;
        var guess = Spelling.Closest(text, choices.Keys);
        Error(key, $"'{text}' is not one of {string.Join(", ", choices.Keys)}" + (guess is null ? "" : $" (did you mean '{guess}'?)"));
        return null;
    }

    public IReadOnlyList<string>? StringList(string key)
    {
        if (!_table.TryGetValue(key, out var value)) return null;
        if (value is not TomlArray array)
        {
            Error(key, $"expected an array of strings, got {Describe(value)}");
            return null;
        }
        var items = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is string s) items.Add(s);
            else Error(key, $"item {i} must be a string, got {Describe(array[i])}");
        }
        return items;
    }

    public IReadOnlyList<long>? IntegerList(string key)
    {
        if (!_table.TryGetValue(key, out var value)) return null;
        if (value is not TomlArray array)
        {
            Error(key, $"expected an array of integers, got {Describe(value)}");
            return null;
        }
        var items = new List<long>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is long l) items.Add(l);
            else Error(key, $"item {i} must be an integer, got {Describe(array[i])}");
        }
        return items;
    }

    public TomlSection? Table(string key)
    {
        if (!_table.TryGetValue(key, out var value)) return null;
        if (value is TomlTable table) return Child(table, FieldOf(key), LocationOf(key));
        Error(key, $"expected a table, got {Describe(value)}");
        return null;
    }

    /// <summary>The entries of an array of tables (<c>[[tasks]]</c>), each with its index in the path.</summary>
    public IReadOnlyList<TomlSection> TableArray(string key)
    {
        if (!_table.TryGetValue(key, out var value)) return [];
        IEnumerable<object?> items = value switch
        {
            TomlTableArray tables => tables,
            TomlArray array => array,
            _ => [],
        };
        if (value is not (TomlTableArray or TomlArray))
        {
            Error(key, $"expected an array of tables ([[{FieldOf(key)}]]), got {Describe(value)}");
            return [];
        }
        var sections = new List<TomlSection>();
        var headers = value is TomlTableArray ? HeaderLocations($"[[{FieldOf(key)}]]") : [];
        var index = 0;
        foreach (var item in items)
        {
            var path = $"{FieldOf(key)}[{index}]";
            if (item is TomlTable table)
                sections.Add(new TomlSection(table, _store, _text, path, index < headers.Count ? headers[index] : null, LocationOf(key), _errors));
            else _errors.Add(LocationOf(key).Error(path, $"expected a table, got {Describe(item)}"));
            index++;
        }
        return sections;
    }

    /// <summary>Renders any scalar value as text (used for free-form metadata).</summary>
    public string? Text(string key) => Raw(key) switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        TomlArray a => string.Join(", ", a.Select(x => x?.ToString())),
        var other => other.ToString(),
    };

    public static string Describe(object? value) => value switch
    {
        null => "nothing",
        string s => $"a string (\"{s}\")",
        long l => $"an integer ({l})",
        double d => $"a float ({d.ToString(CultureInfo.InvariantCulture)})",
        bool b => $"a boolean ({(b ? "true" : "false")})",
        TomlTable => "a table",
        TomlTableArray => "an array of tables",
        TomlArray => "an array",
        _ => $"a date/time ({value})",
    };

    /// <summary>
    /// Navigates to a nested table without reporting anything: <c>dag.requires</c>, <c>tasks[3]</c>.
    /// Returns null when the path does not lead to a table.
    /// </summary>
    public TomlSection? Find(string path)
    {
        var section = this;
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[');
            var key = bracket < 0 ? part : part[..bracket];
            if (!section._table.TryGetValue(key, out var value)) return null;
            var fieldPath = section.FieldOf(key);
            if (bracket >= 0)
            {
                if (!int.TryParse(part[(bracket + 1)..^1], out var index)) return null;
                var item = value switch
                {
                    TomlTableArray tables when index < tables.Count => tables[index],
                    TomlArray array when index < array.Count => array[index] as TomlTable,
                    _ => null,
                };
                if (item is null) return null;
                section = section.Child(item, $"{fieldPath}[{index}]", section.LocationOf(key));
            }
            else if (value is TomlTable table)
            {
                section = section.Child(table, fieldPath, section.LocationOf(key));
            }
            else
            {
                return null;
            }
        }
        return section;
    }

    private TomlSection Child(TomlTable table, string path, SourceLocation location) =>
        new(table, _store, _text, path, null, location, _errors);

    /// <summary>
    /// Positions of the lines holding exactly this header (e.g. <c>[[tasks]]</c>), in order. The
    /// parsed model keeps positions per key only, so an entry with no keys is found this way.
    /// </summary>
    private List<SourceLocation> HeaderLocations(string header)
    {
        var found = new List<SourceLocation>();
        var line = 0;
        foreach (var text in _text.AsSpan().EnumerateLines())
        {
            line++;
            var trimmed = text.TrimStart();
            var comment = trimmed.IndexOf('#');
            var content = (comment >= 0 ? trimmed[..comment] : trimmed).TrimEnd();
            if (content.Length > 0 && content[0] == '[' && WithoutSpaces(content) == header)
                found.Add(new SourceLocation(_file, line, text.Length - trimmed.Length + 1));
        }
        return found;
    }

    private static string WithoutSpaces(ReadOnlySpan<char> text) =>
        string.Concat(text.ToString().Where(c => c is not (' ' or '\t')));

    private SourceLocation? FirstKeyLocation()
    {
        if (_metadata is null) return null;
        foreach (var key in _table.Keys)
        {
            if (_metadata.ContainsProperty(key)) return LocationOf(key);
        }
        return null;
    }

    private T? Get<T>(string key, string expected) where T : class
    {
        if (!_table.TryGetValue(key, out var value)) return null;
        if (value is T typed) return typed;
        Error(key, $"expected {expected}, got {Describe(value)}");
        return null;
    }

    private T? WrongType<T>(string key, string expected) where T : struct
    {
        if (_table.TryGetValue(key, out var value))
            Error(key, $"expected {expected}, got {Describe(value)}");
        return null;
    }
}
