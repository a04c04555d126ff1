using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pit.Engine.Control;

/// <summary>
/// A command's arguments, checked against its <see cref="ControlCommand"/>: positional ones by name,
/// options by their long name. A request carries them either as the words typed
/// (<c>"args":{"argv":["-d","2"]}</c>, as <c>pit ctl</c> sends them) or by name
/// (<c>"args":{"depth":2,"dag":"etl"}</c>). Anything the command does not take is a
/// <c>bad_args</c> error naming what it does take.
/// </summary>
public sealed class ControlArgs
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    private ControlArgs(string command) => Command = command;

    /// <summary>The command's full name (<c>run show</c>), for messages.</summary>
    public string Command { get; }

    public static ControlArgs Empty(string command) => new(command);

    /// <summary>The value of a positional argument or option, or null when not given.</summary>
    public string? Get(string name) => _values.TryGetValue(name, out var list) && list.Count > 0 ? list[0] : null;

    /// <summary>The value, or a <c>bad_args</c> error naming it.</summary>
    public string Require(string name) => Get(name) ?? throw ControlException.BadArgs($"{Command}: missing <{name}>");

    /// <summary>Every word a <see cref="ControlArg.Many"/> argument took.</summary>
    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var list) ? list : [];

    /// <summary>True when the flag was given.</summary>
    public bool Flag(string name) => Get(name) is "true";

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, or <paramref name="fallback"/> when not given.</summary>
    public int Int(string name, int fallback, int min = 0, int max = int.MaxValue)
    {
        if (Get(name) is not { } text) return fallback;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw ControlException.BadArgs($"{Command}: {name} must be a whole number from {min} to {max}, got '{text}'");
        return value;
    }

    /// <summary>Reads <paramref name="args"/> (null: none) for <paramref name="command"/> of palette <paramref name="palette"/>.</summary>
    public static ControlArgs Parse(string palette, ControlCommand command, JsonNode? args)
    {
        var parsed = new ControlArgs($"{palette} {command.Name}");
        switch (args)
        {
            case null:
                break;
            case JsonObject named when named["argv"] is JsonArray argv:
                parsed.ReadWords(command, argv.Select(Word).ToList());
                break;
            case JsonObject named:
                parsed.ReadNamed(command, named);
                break;
            default:
                throw ControlException.BadArgs($"{parsed.Command}: args must be a JSON object");
        }
        foreach (var arg in command.Arguments)
        {
            if (arg.Required && !parsed._values.ContainsKey(arg.Name))
                throw ControlException.BadArgs($"{parsed.Command}: missing <{arg.Name}>; usage: {palette} {command.Usage()}");
        }
        return parsed;
    }

    private void ReadWords(ControlCommand command, List<string> words)
    {
        var positional = 0;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word.Length > 1 && word[0] == '-' && !IsNumber(word))
            {
                var option = FindOption(command, word);
                if (option.Flag)
                {
                    Add(option.Name, "true");
                    continue;
                }
                if (i + 1 >= words.Count) throw ControlException.BadArgs($"{Command}: {word} needs a value");
                Add(option.Name, words[++i]);
                continue;
            }
            if (positional >= command.Arguments.Count)
                throw ControlException.BadArgs($"{Command}: unexpected argument '{word}'; usage: {Command.Split(' ')[0]} {command.Usage()}");
            var arg = command.Arguments[positional];
            Add(arg.Name, word);
            if (!arg.Many) positional++;
        }
    }

    private void ReadNamed(ControlCommand command, JsonObject named)
    {
        foreach (var (key, value) in named)
        {
            var arg = command.Arguments.FirstOrDefault(a => a.Name == key);
            var option = command.Switches.FirstOrDefault(o => o.Name == key);
            if (arg is null && option is null) throw Unknown(command, key);
            if (value is JsonArray list && arg is { Many: true })
            {
                foreach (var item in list) Add(key, Word(item));
                continue;
            }
            if (option is { Flag: true })
            {
                if (value?.GetValueKind() is JsonValueKind.True) Add(key, "true");
                else if (value?.GetValueKind() is not JsonValueKind.False)
                    throw ControlException.BadArgs($"{Command}: {key} is a flag (true or false)");
                continue;
            }
            Add(key, Word(value));
        }
    }

    private ControlOption FindOption(ControlCommand command, string word)
    {
        var option = word.StartsWith("--", StringComparison.Ordinal)
            ? command.Switches.FirstOrDefault(o => o.Name == word[2..])
            : word.Length == 2 ? command.Switches.FirstOrDefault(o => o.Short == word[1]) : null;
        return option ?? throw Unknown(command, word);
    }

    private ControlException Unknown(ControlCommand command, string what)
    {
        var known = command.Switches.Select(o => "--" + o.Name).Concat(command.Arguments.Select(a => a.Name)).ToList();
        return ControlException.BadArgs(
            $"{Command}: unknown option '{what}'; {(known.Count == 0 ? "it takes none" : "it takes: " + string.Join(", ", known))}", known);
    }

    private void Add(string name, string value)
    {
        if (!_values.TryGetValue(name, out var list)) _values[name] = list = [];
        list.Add(value);
    }

    private static bool IsNumber(string word) => double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string Word(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => node.ToJsonString(),
    };
}
