namespace Pit.Cli;

/// <summary>
/// Where a command writes: results to stdout, errors to stderr. Colour only on a terminal and
/// never when NO_COLOR is set.
/// </summary>
public sealed class CliConsole(TextWriter output, TextWriter error, bool colour)
{
    private readonly bool _colour = colour;

    /// <summary>True when stdout is a terminal that wants colour (no NO_COLOR, not TERM=dumb).</summary>
    public static bool TerminalWantsColour() =>
        !Console.IsOutputRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") != "dumb";

    public TextWriter Out { get; } = output;

    public TextWriter Err { get; } = error;

    public void Line(string text = "") => Out.WriteLine(text);

    public void Error(string message) => Err.WriteLine(message);

    public string Green(string text) => _colour ? $"\u001b[32m{text}\u001b[0m" : text;

    public string Red(string text) => _colour ? $"\u001b[31m{text}\u001b[0m" : text;

    public string Dim(string text) => _colour ? $"\u001b[2m{text}\u001b[0m" : text;

    public string Bold(string text) => _colour ? $"\u001b[1m{text}\u001b[0m" : text;
}
