using System.CommandLine;
using Pit.Core.Workspace;

namespace Pit.Cli.Commands;

/// <summary>Resolves the workspace a command works on, from --project-dir or by walking up.</summary>
public static class WorkspaceOption
{
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
