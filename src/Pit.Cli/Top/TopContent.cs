namespace Pit.Cli.Top;

/// <summary>The lines of the log pane: the output of the run they belong to, oldest first.</summary>
public sealed record TopLog(string? RunId, IReadOnlyList<string> Lines)
{
    public static readonly TopLog None = new(null, []);
}

/// <summary>Everything one frame of <c>pit top</c> shows.</summary>
public sealed record TopContent(
    TopSnapshot Snapshot,
    TopView View,
    TopLog Log,
    string Address,
    string? Problem,
    DateTimeOffset Now);
