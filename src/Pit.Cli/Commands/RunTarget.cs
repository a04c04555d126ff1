using Pit.Core.Workspace;

namespace Pit.Cli.Commands;

/// <summary>
/// What <c>pit run</c> was asked to run: <c>dag</c>, <c>dag/task</c>, or — inside
/// <c>projects/&lt;name&gt;/</c> — just <c>task</c>.
/// </summary>
public sealed record RunTarget(string Dag, string? Task)
{
    public override string ToString() => Task is null ? Dag : $"{Dag}/{Task}";

    public static RunTarget Resolve(string text, Workspace workspace, string currentDir)
    {
        var slash = text.IndexOf('/');
        if (slash > 0) return new RunTarget(text[..slash], text[(slash + 1)..]);

        // Inside a project folder, a bare name is one of that project's tasks (if it is one).
        if (WorkspaceLocator.CurrentProject(workspace.Root, currentDir) is { } folder
            && workspace.Projects.FirstOrDefault(p => p.Folder == folder)?.Dag is { } dag
            && dag.FindTask(text) is not null)
            return new RunTarget(dag.Name, text);
        return new RunTarget(text, null);
    }
}
