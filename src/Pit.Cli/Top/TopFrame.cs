using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Pit.Cli.Top;

/// <summary>
/// Turns a Spectre renderable into exactly <c>height</c> lines of a <c>width</c>-column screen:
/// with ANSI styles for a terminal, as plain text for tests and logs.
/// </summary>
public static class TopFrame
{
    public static IReadOnlyList<string> Lines(IRenderable content, int width, int height, bool ansi, bool colour)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = ansi ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = ansi && colour ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(text),
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
            EnvironmentVariables = new Dictionary<string, string>(),
        });
        console.Profile.Width = width;
        console.Profile.Height = height;
        console.Profile.Capabilities.Unicode = true;
        console.Write(content);
        var lines = text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        while (lines.Count < height) lines.Add("");
        return lines.Take(height).ToList();
    }

    /// <summary>The plain text of a frame, one line each, trailing spaces removed (what a test reads off a screen).</summary>
    public static string Text(IRenderable content, int width, int height) =>
        string.Join('\n', Lines(content, width, height, ansi: false, colour: false).Select(l => l.TrimEnd()));
}
