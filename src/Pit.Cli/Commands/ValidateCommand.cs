using System.CommandLine;
using Pit.Cli.Output;
using Pit.Core.Dags;
using Pit.Core.Time;
using Pit.Core.Workspace;

namespace Pit.Cli.Commands;

/// <summary>
/// <c>pit validate [--json]</c>: reads every project, reports every error with file, line, column
/// and field, lists the valid projects, and exits 1 if anything is wrong. Starts no actor system.
/// </summary>
public static class ValidateCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "Write the result as JSON" };

    public static Command Build(CliConsole console)
    {
        var command = new Command("validate", "Validate pit_config.toml and every projects/*/pit.toml");
        command.Options.Add(Json);
        command.SetAction(parsed => Execute(parsed, console));
        return command;
    }

    private static int Execute(ParseResult parsed, CliConsole console)
    {
        ShortLivedCommand.Begin();
        var workspace = WorkspaceOption.Load(parsed, console);
        if (workspace is null) return ExitCodes.Failure;
        var now = DateTimeOffset.UtcNow;

        if (parsed.GetValue(Json))
            JsonOutput.Write(console.Out, ValidationReport.From(workspace, now));
        else
            WriteText(workspace, console, parsed.GetValue(GlobalOptions.Verbose), now);
        return workspace.IsValid ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static void WriteText(Workspace workspace, CliConsole console, bool verbose, DateTimeOffset now)
    {
        foreach (var error in workspace.AllErrors)
            console.Error($"{console.Red("error")}: {error.Format(DisplayPath.Of(error.File))}");

        foreach (var project in workspace.Projects)
        {
            if (!project.IsValid)
            {
                console.Line($"{console.Bold(project.Dag?.Name ?? project.Folder)}  {console.Red($"invalid ({project.Errors.Count} error{(project.Errors.Count == 1 ? "" : "s")})")}  {DisplayPath.Of(project.File)}");
                continue;
            }
            WriteDag(project.Dag!, console, verbose, now);
        }

        var projects = workspace.Projects.Count;
        var tasks = workspace.ValidDags.Sum(d => d.Tasks.Count);
        var errors = workspace.AllErrors.Count();
        if (projects == 0)
            console.Line($"no projects found in {DisplayPath.Of(workspace.ProjectsDir)} (create one with `pit init <name>`)");
        if (errors == 0)
        {
            console.Line(console.Green("ok") + $": {projects} project{(projects == 1 ? "" : "s")}, {tasks} task{(tasks == 1 ? "" : "s")}");
        }
        else
        {
            var bad = workspace.Projects.Count(p => !p.IsValid) + (workspace.ConfigErrors.Count > 0 ? 1 : 0);
            console.Line(console.Red("failed") + $": {errors} error{(errors == 1 ? "" : "s")} in {bad} file{(bad == 1 ? "" : "s")}");
        }
    }

    private static void WriteDag(DagDefinition dag, CliConsole console, bool verbose, DateTimeOffset now)
    {
        console.Line($"{console.Bold(dag.Name)}  {DisplayPath.Of(dag.File)}");
        console.Line($"  schedule  {Describe.Schedule(dag, now)}");
        var table = new TextTable("  task", "runner", "script", "after");
        foreach (var task in dag.Tasks)
        {
            var after = task.DependsOn.Count == 0 ? "" : string.Join(", ", task.DependsOn);
            if (task.Condition != TaskCondition.AllSuccess) after += $" ({Describe.Condition(task.Condition)})";
            table.Add($"  {task.Name}", task.Runner.ToString(), Describe.Script(task), after.Trim());
        }
        table.WriteTo(console.Out);
        if (!verbose) return;
        foreach (var task in dag.Tasks)
            console.Line(console.Dim($"  {task.Name}: {Describe.TaskSettings(task)}"));
    }
}
