namespace Pit.Engine.Runs;

/// <summary>The folders of one run: <c>runs/&lt;id&gt;/{project,data,logs}</c>.</summary>
public sealed record RunPaths(string Root)
{
    public static RunPaths Of(string runsDir, string runId) => new(Path.Combine(runsDir, runId));

    public string Project => Path.Combine(Root, "project");

    public string Data => Path.Combine(Root, "data");

    public string Logs => Path.Combine(Root, "logs");

    public string LogOf(string task) => Path.Combine(Logs, task + ".log");
}
