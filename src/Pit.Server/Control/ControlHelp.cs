using System.Text.Json.Nodes;
using Pit.Engine.Control;

namespace Pit.Server.Control;

/// <summary>
/// The two commands every control host answers itself: <c>help [palette]</c> (the palettes, their
/// commands, arguments and options: what a client completes from) and <c>complete &lt;kind&gt;</c>
/// (the current values of a completion kind, such as the DAG names).
/// </summary>
public static class ControlHelp
{
    public const string Help = "help";
    public const string Complete = "complete";

    public static JsonNode Describe(ControlPalettes palettes, string? palette)
    {
        var shown = palettes.All;
        if (palette is not null)
        {
            var found = palettes.Find(palette) ?? throw UnknownPalette(palettes, palette);
            shown = [found];
        }
        return new JsonObject
        {
            ["builtins"] = new JsonArray("help [palette]", "complete <kind>"),
            ["palettes"] = new JsonArray(shown.Select(p => (JsonNode?)Palette(p)).ToArray()),
        };
    }

    public static ControlException UnknownPalette(ControlPalettes palettes, string name)
    {
        var known = palettes.All.Select(p => p.Name).ToList();
        return new ControlException("unknown_command", $"unknown palette '{name}'; palettes: {string.Join(", ", known)} (and help, complete)", known);
    }

    public static ControlException UnknownCommand(ControlPalette palette, string name)
    {
        var known = palette.Commands.Select(c => c.Name).ToList();
        return new ControlException("unknown_command", $"unknown command '{palette.Name} {name}'; {palette.Name} commands: {string.Join(", ", known)}", known);
    }

    private static JsonObject Palette(ControlPalette palette) => new()
    {
        ["name"] = palette.Name,
        ["summary"] = palette.Summary,
        ["commands"] = new JsonArray(palette.Commands.Select(c => (JsonNode?)Command(c)).ToArray()),
    };

    private static JsonObject Command(ControlCommand command) => new()
    {
        ["name"] = command.Name,
        ["summary"] = command.Summary,
        ["usage"] = command.Usage(),
        ["streams"] = command.Streams,
        ["args"] = new JsonArray(command.Arguments.Select(a => (JsonNode?)new JsonObject
        {
            ["name"] = a.Name,
            ["help"] = a.Help,
            ["required"] = a.Required,
            ["many"] = a.Many,
            ["values"] = a.Values,
        }).ToArray()),
        ["options"] = new JsonArray(command.Switches.Select(o => (JsonNode?)new JsonObject
        {
            ["name"] = o.Name,
            ["short"] = o.Short?.ToString(),
            ["help"] = o.Help,
            ["flag"] = o.Flag,
            ["values"] = o.Values,
        }).ToArray()),
    };
}
