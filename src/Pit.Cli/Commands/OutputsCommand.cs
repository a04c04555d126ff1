using System.CommandLine;
using Pit.Cli.Output;
using Pit.Core.Outputs;
using Pit.Core.Workspace;

namespace Pit.Cli.Commands;

/// <summary>
/// <c>pit outputs [--project P] [--type T] [--location GLOB] [--json]</c>: the registry of what every
/// project declares it produces, as an aligned table or JSON.
/// </summary>
public static class OutputsCommand
{
    private static readonly Option<string?> Project = new("--project") { Description = "Only this project (DAG or folder name)" };
    private static readonly Option<string?> Type = new("--type") { Description = "Only outputs of this type (table, file, email, ...)" };
    private static readonly Option<string?> Location = new("--location") { Description = "Only locations matching this glob (* and ?), e.g. \"warehouse.*\"" };
    private static readonly Option<bool> Json = new("--json") { Description = "Write the result as JSON" };

    public static Command Build(CliConsole console)
    {
        var command = new Command("outputs", "List the outputs every project declares");
        command.Options.Add(Project);
        command.Options.Add(Type);
        command.Options.Add(Location);
        command.Options.Add(Json);
        command.SetAction(parsed => Execute(parsed, console));
        return command;
    }

    private static int Execute(ParseResult parsed, CliConsole console)
    {
        ShortLivedCommand.Begin();
        var workspace = WorkspaceOption.Load(parsed, console);
        if (workspace is null) return ExitCodes.Failure;
        var broken = workspace.Projects.Where(p => p.Dag is null).Select(p => p.Folder).ToList();
        if (broken.Count > 0)
            console.Error($"warning: {string.Join(", ", broken)} could not be read; run `pit validate`");

        var filter = new OutputFilter(parsed.GetValue(Project), parsed.GetValue(Type), parsed.GetValue(Location));
        var entries = OutputRegistry.From(workspace).Where(filter.Matches).ToList();

        if (parsed.GetValue(Json))
        {
            JsonOutput.Write(console.Out, entries.Select(e => new
            {
                project = e.Project,
                name = e.Output.Name,
                type = e.Output.Type,
                location = e.Output.Location,
                recipients = e.Output.Recipients,
                metadata = e.Output.Metadata,
            }));
            return ExitCodes.Success;
        }

        if (entries.Count == 0)
        {
            console.Line(filter.IsEmpty ? "no outputs declared" : "no outputs match");
            return ExitCodes.Success;
        }
        var table = new TextTable("PROJECT", "NAME", "TYPE", "LOCATION");
        foreach (var entry in entries)
        {
            var where = entry.Output.Location ?? string.Join(", ", entry.Output.Recipients);
            table.Add(entry.Project, entry.Output.Name, entry.Output.Type, where);
        }
        table.WriteTo(console.Out);
        return ExitCodes.Success;
    }
}
