using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pit.Cli.Control;

/// <summary>
/// The reply of <c>help [palette]</c> for people: each palette with its summary and its commands as
/// typed (<c>run show &lt;id&gt;</c>) beside their summaries; for one palette also what each argument
/// and option means.
/// </summary>
public static class ControlHelpPrinter
{
    /// <summary>Commands longer than this put their summary on the next line.</summary>
    private const int WidestColumn = 40;

    /// <summary>False when <paramref name="help"/> is not a help document (nothing written).</summary>
    public static bool Write(TextWriter output, JsonNode? help)
    {
        if (help?["palettes"] is not JsonArray palettes) return false;
        var detailed = palettes.Count == 1;
        var width = Math.Min(WidestColumn, palettes.OfType<JsonObject>()
            .SelectMany(p => Items(p["commands"]).Select(c => Text(p["name"]).Length + 1 + Text(c["usage"]).Length))
            .DefaultIfEmpty(0).Max());
        var first = true;
        foreach (var palette in palettes.OfType<JsonObject>())
        {
            if (!first) output.WriteLine();
            first = false;
            var name = Text(palette["name"]);
            output.WriteLine($"{name} — {Text(palette["summary"])}");
            var commands = Items(palette["commands"]).ToList();
            var lines = commands.Select(c => $"{name} {Text(c["usage"])}").ToList();
            for (var i = 0; i < commands.Count; i++)
            {
                var summary = Text(commands[i]["summary"]) + (Bool(commands[i]["streams"]) ? " (stream)" : "");
                if (lines[i].Length > width) output.WriteLine($"  {lines[i]}\n  {"".PadRight(width)}  {summary}");
                else output.WriteLine($"  {lines[i].PadRight(width)}  {summary}");
                if (detailed) Details(output, commands[i], width);
            }
        }
        if (help["builtins"] is JsonArray builtins && builtins.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"also: {string.Join(", ", builtins.Select(Text))}{(detailed ? "" : "; help <palette> tells what each argument and option means")}");
        }
        return true;
    }

    private static void Details(TextWriter output, JsonObject command, int width)
    {
        var rows = new List<(string Term, string Help)>();
        foreach (var arg in Items(command["args"]))
        {
            var text = Text(arg["name"]) + (Bool(arg["many"]) ? "…" : "");
            rows.Add((Bool(arg["required"]) ? $"<{text}>" : $"[{text}]", Text(arg["help"])));
        }
        foreach (var option in Items(command["options"]))
        {
            var name = Text(option["name"]);
            var term = (option["short"] is JsonValue s && s.GetValueKind() == JsonValueKind.String ? $"-{s.GetValue<string>()}, " : "") + $"--{name}";
            if (!Bool(option["flag"])) term += " " + name.ToUpperInvariant();
            rows.Add((term, Text(option["help"])));
        }
        var termWidth = rows.Select(r => r.Term.Length).DefaultIfEmpty(0).Max();
        foreach (var (term, help) in rows)
            output.WriteLine($"  {"".PadRight(width)}    {term.PadRight(termWidth)}  {help}".TrimEnd());
    }

    private static IEnumerable<JsonObject> Items(JsonNode? node) => node is JsonArray array ? array.OfType<JsonObject>() : [];

    private static string Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : "";

    private static bool Bool(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.True;
}
