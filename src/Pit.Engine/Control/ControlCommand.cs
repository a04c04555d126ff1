using System.Text.Json.Nodes;

namespace Pit.Engine.Control;

/// <summary>
/// Runs one control command. A one-shot command returns its result; a streaming command
/// (<see cref="ControlCommand.Streams"/>) sends its data through <see cref="ControlCall.SendAsync"/>
/// until it is done or <see cref="ControlCall.Cancel"/> fires, and returns null.
/// Throw <see cref="ControlException"/> for an error reply.
/// </summary>
public delegate Task<JsonNode?> ControlHandler(ControlCall call);

/// <summary>A positional argument of a control command.</summary>
/// <param name="Many">Takes every remaining word (e.g. <c>k=v</c> parameters).</param>
/// <param name="Values">What its values are, for completion (<see cref="ControlValues"/>), or null.</param>
public sealed record ControlArg(string Name, string Help, bool Required = true, bool Many = false, string? Values = null);

/// <summary>An option of a control command: <c>--name value</c> or <c>-s value</c>; a <paramref name="Flag"/> takes no value.</summary>
public sealed record ControlOption(string Name, string Help, char? Short = null, bool Flag = false, string? Values = null);

/// <summary>One command of a palette (<c>run show</c> is the command <c>show</c> of the palette <c>run</c>).</summary>
/// <param name="Streams">Answers with data lines until done (<c>log tail</c>), not with one result.</param>
public sealed record ControlCommand(
    string Name,
    string Summary,
    ControlHandler Handler,
    IReadOnlyList<ControlArg>? Args = null,
    IReadOnlyList<ControlOption>? Options = null,
    bool Streams = false)
{
    public IReadOnlyList<ControlArg> Arguments { get; } = Args ?? [];

    public IReadOnlyList<ControlOption> Switches { get; } = Options ?? [];

    /// <summary>The usage line: <c>show &lt;id&gt; [task] [--dag D] [-n N]</c>.</summary>
    public string Usage()
    {
        var words = new List<string> { Name };
        foreach (var arg in Arguments)
        {
            var text = arg.Many ? $"{arg.Name}…" : arg.Name;
            words.Add(arg.Required ? $"<{text}>" : $"[{text}]");
        }
        foreach (var option in Switches)
        {
            var name = option.Short is { } s ? $"-{s}" : $"--{option.Name}";
            words.Add(option.Flag ? $"[{name}]" : $"[{name} {option.Name.ToUpperInvariant()}]");
        }
        return string.Join(' ', words);
    }
}

/// <summary>A set of control commands under one name, registered by the actor that owns them.</summary>
public sealed record ControlPalette(string Name, string Summary, IReadOnlyList<ControlCommand> Commands)
{
    public ControlCommand? Find(string command) => Commands.FirstOrDefault(c => c.Name == command);
}

/// <summary>The completion kinds a <see cref="ControlArg.Values"/> or <see cref="ControlOption.Values"/> may name.</summary>
public static class ControlValues
{
    public const string Dags = "dags";
    public const string Runs = "runs";
    public const string Actors = "actors";
    public const string Levels = "levels";
}
