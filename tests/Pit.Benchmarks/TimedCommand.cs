namespace Pit.Benchmarks;

/// <summary>One command under measurement: <c>dotnet &lt;Arguments&gt;</c> started in <see cref="WorkingDir"/>.</summary>
internal sealed record TimedCommand(string Label, IReadOnlyList<string> Arguments, string WorkingDir)
{
    public string CommandLine => "dotnet " + string.Join(' ', Arguments);
}
