using System.CommandLine;
using Pit.Cli.Output;
using Pit.Core.Workspace;
using Pit.Engine.Persistence;
using Pit.Engine.Persistence.ReadModels;
using Pit.Engine.Protocol;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Cli.Commands;

/// <summary>
/// <c>pit status [dag | run-id]</c>: each DAG's last run and recent record, or every task of one run.
/// Reads the projection of the event journal, not the run folders.
/// </summary>
public static class StatusCommand
{
    private static readonly Argument<string?> Target = new("dag-or-run")
    {
        Description = "A DAG name, or a run id for that run's tasks",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<bool> Json = new("--json") { Description = "Write the result as JSON" };

    public static Command Build(CliConsole console)
    {
        var command = new Command("status", "Show DAG and run states from the run history");
        command.Arguments.Add(Target);
        command.Options.Add(Json);
        command.SetAction((parsed, _) => ExecuteAsync(parsed, console));
        return command;
    }

    private static Task<int> ExecuteAsync(ParseResult parsed, CliConsole console) => Task.FromResult(Execute(parsed, console));

    private static int Execute(ParseResult parsed, CliConsole console)
    {
        var workspace = WorkspaceOption.Load(parsed, console);
        if (workspace is null) return ExitCodes.Failure;
        var target = parsed.GetValue(Target);
        var json = parsed.GetValue(Json);

        if (target is not null && RunIds.TryDagOf(target, out _))
        {
            var run = HistoryAccess.Read(workspace, connection => RunQueries.Get(connection, target));
            if (run is null)
            {
                console.Error($"error: no run '{target}' in the run history");
                return ExitCodes.Failure;
            }
            if (json) JsonOutput.Write(console.Out, run);
            else WriteRun(console, run);
            return ExitCodes.Success;
        }

        var dags = workspace.DagNames;
        if (target is not null && workspace.FindProject(target) is null) return WorkspaceOption.UnknownDag(console, workspace, target);
        var summaries = HistoryAccess.Read(workspace, connection => RunQueries.Summaries(connection, target, RunHistory.DefaultRecent));
        var byDag = summaries.ToDictionary(s => s.Dag);
        var shown = target is null ? dags : [target];
        if (json)
        {
            JsonOutput.Write(console.Out, shown.Select(d => new { dag = d, summary = byDag.GetValueOrDefault(d) }));
            return ExitCodes.Success;
        }
        var table = new TextTable("DAG", "LAST RUN", "STATE", "STARTED", "DURATION", "RECENT OK", "RECENT FAILED");
        foreach (var dag in shown)
        {
            if (byDag.TryGetValue(dag, out var summary))
            {
                var last = summary.LastRun;
                table.Add(dag, last.RunId, StatusNames.Of(last.Status), last.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss"),
                    last.Duration is { } d ? RunProgress.Seconds(d) : "", summary.RecentSucceeded.ToString(), summary.RecentFailed.ToString());
            }
            else
            {
                table.Add(dag, "never run", "", "", "", "0", "0");
            }
        }
        table.WriteTo(console.Out);
        return ExitCodes.Success;
    }

    private static void WriteRun(CliConsole console, RunSummary run)
    {
        console.Line($"run {run.RunId}  dag {run.Dag}  trigger {run.Trigger}  state {StatusNames.Of(run.Status)}" +
                     (run.Duration is { } d ? $"  took {RunProgress.Seconds(d)}" : "") + (run.Reason is { } r ? $"  ({r})" : ""));
        if (run.RerunOf is { } original) console.Line($"rerun of {original}");
        if (run.Reruns is { Count: > 0 } reruns) console.Line($"reruns: {string.Join(", ", reruns)}");
        var table = new TextTable("  task", "state", "attempts", "duration", "exit", "reason");
        foreach (var task in run.Tasks)
        {
            table.Add($"  {task.Name}", task.StateText, task.Attempts.ToString(),
                task.Duration is { } td ? RunProgress.Seconds(td) : "", task.ExitCode?.ToString() ?? "", task.Status == TaskStatus.Success ? "" : task.Reason ?? "");
        }
        table.WriteTo(console.Out);
        if (run.Context is not { Count: > 0 } context) return;
        // The run's context: what tasks set through the SDK (JSON) and each task's exit code.
        console.Line("context:");
        var values = new TextTable("  key", "value");
        foreach (var (key, value) in context) values.Add($"  {key}", value);
        values.WriteTo(console.Out);
    }
}
