using Pit.Cli.Output;
using Pit.Core.Secrets;
using Pit.Core.Workspace;
using Pit.Engine.Runners;

namespace Pit.Cli.Commands;

/// <summary>
/// <c>pit run --dry-run</c>: each task that would run, in dependency order, with what it would run.
/// Exit 0 when every task could start, 1 when one could not (a missing script, program or secret).
/// </summary>
internal static class DryRunPrinter
{
    public static int Print(CliConsole console, Workspace workspace, SecretsFile secrets, RunTarget target)
    {
        var dag = workspace.FindProject(target.Dag)!.Dag!;
        var tasks = target.Task is { } one ? dag.Tasks.Where(t => t.Name == one) : dag.Tasks;
        var lines = TaskPreview.Of(dag, tasks, workspace, secrets);
        console.Line($"dry run of {dag.Name}{(target.Task is { } t ? "/" + t : "")}: {lines.Count} task{(lines.Count == 1 ? "" : "s")}, nothing is started");
        var table = new TextTable("  task", "runs", "after");
        foreach (var line in lines)
            table.Add($"  {line.Task}", line.What, target.Task is null ? string.Join(", ", line.DependsOn) : "");
        table.WriteTo(console.Out);
        var problems = lines.Where(line => line.Problem is not null).ToList();
        foreach (var line in problems) console.Error($"error: task {line.Task} could not start: {line.Problem}");
        console.Out.Flush();
        return problems.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }
}
