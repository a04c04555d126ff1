using System.CommandLine;
using Pit.Cli.Output;
using Pit.Core.Scaffolding;
using Pit.Core.Workspace;

namespace Pit.Cli.Commands;

/// <summary>
/// <c>pit init &lt;name&gt; [--type python|sql|shell|dbt]</c>: scaffolds <c>projects/&lt;name&gt;/</c>.
/// Outside any workspace, the current folder (or --project-dir) becomes one.
/// </summary>
public static class InitCommand
{
    private static readonly Argument<string> Name = new("name") { Description = "Project name: lowercase letters, digits and '_'" };

    private static readonly Option<string> Type = new("--type", "-t")
    {
        Description = "Project type",
        DefaultValueFactory = _ => "python",
    };

    static InitCommand() => Type.AcceptOnlyFromAmong("python", "sql", "shell", "dbt");

    public static Command Build(CliConsole console)
    {
        var command = new Command("init", "Scaffold a new project under projects/");
        command.Arguments.Add(Name);
        command.Options.Add(Type);
        command.SetAction(parsed => Execute(parsed, console));
        return command;
    }

    private static int Execute(ParseResult parsed, CliConsole console)
    {
        var name = parsed.GetValue(Name)!;
        var type = Enum.Parse<ProjectType>(parsed.GetValue(Type)!, ignoreCase: true);
        if (!ProjectScaffolder.IsValidName(name))
        {
            console.Error($"error: '{name}' is not a valid project name: use {ProjectScaffolder.NameRule}");
            return ExitCodes.Usage;
        }

        var root = WorkspaceRoot(parsed);
        try
        {
            var files = ProjectScaffolder.Create(root, name, type);
            console.Line($"created {type.ToString().ToLowerInvariant()} project {name} in {DisplayPath.Of(Path.Combine(root, WorkspaceLocator.ProjectsFolder, name))}");
            foreach (var file in files) console.Line($"  {file}");
            console.Line($"next: pit validate, then edit {Path.Combine(WorkspaceLocator.ProjectsFolder, name, "pit.toml")}");
            return ExitCodes.Success;
        }
        catch (ScaffoldException ex)
        {
            console.Error($"error: {ex.Message}");
            return ExitCodes.Failure;
        }
    }

    private static string WorkspaceRoot(ParseResult parsed)
    {
        var given = parsed.GetValue(GlobalOptions.ProjectDir);
        if (given is not null) return Path.GetFullPath(given);
        try
        {
            return WorkspaceLocator.Find(null, Environment.CurrentDirectory);
        }
        catch (WorkspaceNotFoundException)
        {
            return Environment.CurrentDirectory;
        }
    }
}
