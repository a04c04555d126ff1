using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pit.Cli.Control;

/// <summary>
/// What Tab offers at the <c>pit ctl</c> prompt, read from the host's <c>help</c> document: the
/// first word is a palette (or <c>help</c>, <c>exit</c>); the second a command of that palette (or,
/// after <c>help</c>, a palette); later words an option of the command, or the values of the
/// argument or option being typed when it names a completion kind (<c>dags</c>, <c>runs</c>, …),
/// which the prompt asks the host for.
/// </summary>
public sealed class Completion
{
    private const string HelpWord = "help";
    private static readonly string[] PromptWords = [HelpWord, "exit"];

    private readonly IReadOnlyList<Palette> _palettes;

    private Completion(IReadOnlyList<Palette> palettes) => _palettes = palettes;

    /// <summary>Completion without a help document: only <c>help</c> and <c>exit</c>.</summary>
    public static Completion None { get; } = new([]);

    /// <summary>Reads the reply of <c>help</c>: <c>{"palettes":[{"name","commands":[{"name","args":[…],"options":[…]}]}]}</c>.</summary>
    public static Completion From(JsonNode? help)
    {
        var palettes = new List<Palette>();
        foreach (var palette in Items(help?["palettes"]))
        {
            var commands = Items(palette["commands"]).Select(command => new Command(
                Text(command["name"]),
                Items(command["args"]).Select(a => new Arg(Bool(a["many"]), OptionalText(a["values"]))).ToList(),
                Items(command["options"]).Select(o => new Option(Text(o["name"]), OptionalText(o["short"]), Bool(o["flag"]), OptionalText(o["values"]))).ToList())).ToList();
            palettes.Add(new Palette(Text(palette["name"]), commands));
        }
        return new Completion(palettes);
    }

    /// <summary>What to complete for the text left of the cursor.</summary>
    public CompletionQuery Query(string beforeCursor)
    {
        var start = beforeCursor.LastIndexOf(' ') + 1;
        var prefix = beforeCursor[start..];
        var words = beforeCursor[..start].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return new CompletionQuery(start, prefix, [.. _palettes.Select(p => p.Name), .. PromptWords]);
        if (words[0] == HelpWord) return new CompletionQuery(start, prefix, words.Length == 1 ? _palettes.Select(p => p.Name).ToList() : []);
        var palette = _palettes.FirstOrDefault(p => p.Name == words[0]);
        if (palette is null) return new CompletionQuery(start, prefix, []);
        if (words.Length == 1) return new CompletionQuery(start, prefix, palette.Commands.Select(c => c.Name).ToList());
        var command = palette.Commands.FirstOrDefault(c => c.Name == words[1]);
        return command is null ? new CompletionQuery(start, prefix, []) : Arguments(command, words[2..], start, prefix);
    }

    /// <summary>
    /// What a Tab does with <paramref name="matches"/> for the word <paramref name="prefix"/>: one
    /// match is put in whole with a space after it; several extend the word to what they share, and
    /// a second Tab in a row (<paramref name="again"/>) lists them.
    /// </summary>
    public static TabAnswer Tab(string prefix, IReadOnlyList<string> matches, bool again)
    {
        if (matches.Count == 0) return TabAnswer.Nothing;
        if (matches.Count == 1) return new TabAnswer(matches[0] + " ", []);
        var shared = SharedPrefix(matches);
        if (shared.Length > prefix.Length) return new TabAnswer(shared, []);
        return again ? new TabAnswer(null, matches) : TabAnswer.Nothing;
    }

    /// <summary>The longest start every word has.</summary>
    public static string SharedPrefix(IReadOnlyList<string> words)
    {
        if (words.Count == 0) return "";
        var length = words[0].Length;
        foreach (var word in words.Skip(1))
        {
            length = Math.Min(length, word.Length);
            for (var i = 0; i < length; i++)
            {
                if (word[i] == words[0][i]) continue;
                length = i;
                break;
            }
        }
        return words[0][..length];
    }

    /// <summary>
    /// The words after the command: an option's value when the word before is an option that takes
    /// one; an option when the word starts with <c>-</c>; else the next positional argument's values
    /// (or the options not used yet, when that argument has no completion kind).
    /// </summary>
    private static CompletionQuery Arguments(Command command, string[] words, int start, string prefix)
    {
        var positional = 0;
        var used = new HashSet<Option>();
        for (var i = 0; i < words.Length; i++)
        {
            if (command.FindOption(words[i]) is not { } option)
            {
                positional++;
                continue;
            }
            used.Add(option);
            if (option.Flag) continue;
            if (i == words.Length - 1) return new CompletionQuery(start, prefix, [], option.Values);
            i++;
        }
        var unused = command.Options.Where(o => !used.Contains(o))
            .Select(o => prefix.StartsWith("--", StringComparison.Ordinal) || o.Short is null ? "--" + o.Name : "-" + o.Short)
            .ToList();
        if (prefix.StartsWith('-')) return new CompletionQuery(start, prefix, unused);
        var arg = positional < command.Args.Count ? command.Args[positional]
            : command.Args.Count > 0 && command.Args[^1].Many ? command.Args[^1]
            : null;
        return arg?.Values is { } kind ? new CompletionQuery(start, prefix, [], kind) : new CompletionQuery(start, prefix, unused);
    }

    private static IEnumerable<JsonObject> Items(JsonNode? node) => node is JsonArray array ? array.OfType<JsonObject>() : [];

    private static string Text(JsonNode? node) => OptionalText(node) ?? "";

    private static string? OptionalText(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static bool Bool(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    private sealed record Palette(string Name, IReadOnlyList<Command> Commands);

    private sealed record Command(string Name, IReadOnlyList<Arg> Args, IReadOnlyList<Option> Options)
    {
        public Option? FindOption(string word) =>
            word.StartsWith("--", StringComparison.Ordinal) ? Options.FirstOrDefault(o => o.Name == word[2..])
            : word.Length == 2 && word[0] == '-' ? Options.FirstOrDefault(o => o.Short == word[1..])
            : null;
    }

    private sealed record Arg(bool Many, string? Values);

    private sealed record Option(string Name, string? Short, bool Flag, string? Values);
}

/// <summary>
/// The word being completed (from <paramref name="Start"/> to the cursor: <paramref name="Prefix"/>),
/// the fixed words it may become, and the completion kind whose values it may also be (or null).
/// </summary>
public sealed record CompletionQuery(int Start, string Prefix, IReadOnlyList<string> Words, string? ValuesKind = null)
{
    /// <summary>The fixed words and <paramref name="values"/> that start with the prefix, sorted, once each.</summary>
    public IReadOnlyList<string> Matches(IEnumerable<string>? values = null) =>
        Words.Concat(values ?? []).Where(w => w.StartsWith(Prefix, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}

/// <summary>What a Tab does: put <paramref name="Insert"/> in place of the word, or list <paramref name="List"/>, or nothing.</summary>
public sealed record TabAnswer(string? Insert, IReadOnlyList<string> List)
{
    public static TabAnswer Nothing { get; } = new(null, []);
}
