using System.CommandLine;
using Pit.Core.Workspace;

namespace Pit.Cli.Commands;

/// <summary>Resolves the workspace a command works on, from --project-dir or by walking up.</summary>
public static class WorkspaceOption
{
    /// <summary>The loaded workspace, or null after printing why none was found.</summary>
    public static Workspace? Load(ParseResult parsed, CliConsole console) =>
        Root(parsed, console) is { } root ? WorkspaceLoader.Load(root) : null;

    /// <summary>Reports a DAG name the workspace does not define, with the ones it does: a usage error.</summary>
    public static int UnknownDag(CliConsole console, Workspace workspace, string dag)
    {
        console.Error($"error: unknown DAG '{dag}'; known DAGs: {string.Join(", ", workspace.DagNames)}");
        return ExitCodes.Usage;
    }

    /// <summary>The workspace root, or null after printing why none was found.</summary>
    public static string? Root(ParseResult parsed, CliConsole console)
    {
        try
        {
            return WorkspaceLocator.Find(parsed.GetValue(GlobalOptions.ProjectDir), Environment.CurrentDirectory);
        }
        catch (WorkspaceNotFoundException ex)
        {
            console.Error($"error: {ex.Message}");
            return null;
        }
    }
}
