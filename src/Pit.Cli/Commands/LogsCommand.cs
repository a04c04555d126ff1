using System.CommandLine;
using Pit.Cli.Output;
using Pit.Core.Workspace;
using Pit.Engine.Persistence;
using Pit.Engine.Persistence.ReadModels;
using Pit.Engine.Protocol;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;
using Pit.Engine.Runs;

namespace Pit.Cli.Commands;

/// <summary>
/// <c>pit logs &lt;dag&gt;[/&lt;task&gt;] [--list] [--run-id ID] [-f]</c>: the task logs of the latest (or a
/// given) run, the list of runs, or a running task's log as it grows.
/// </summary>
public static class LogsCommand
{
    private static readonly Argument<string> Target = new("target") { Description = "A DAG, or DAG/task" };
    private static readonly Option<bool> List = new("--list") { Description = "List the DAG's runs with state, start and duration" };
    private static readonly Option<string?> RunId = new("--run-id") { Description = "Show this run instead of the latest" };
    private static readonly Option<bool> Follow = new("--follow", "-f") { Description = "Keep printing a running task's log as it grows" };

    public static Command Build(CliConsole console)
    {
        var command = new Command("logs", "Show task logs of past and running runs");
        command.Arguments.Add(Target);
        command.Options.Add(List);
        command.Options.Add(RunId);
        command.Options.Add(Follow);
        command.SetAction((parsed, _) => ExecuteAsync(parsed, console));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parsed, CliConsole console)
    {
        var workspace = WorkspaceOption.Load(parsed, console);
        if (workspace is null) return ExitCodes.Failure;
        var target = RunTarget.Resolve(parsed.GetValue(Target)!, workspace, Environment.CurrentDirectory);
        if (workspace.FindProject(target.Dag) is null) return WorkspaceOption.UnknownDag(console, workspace, target.Dag);

        if (parsed.GetValue(List))
        {
            var runs = HistoryAccess.Read(workspace, connection => RunQueries.List(connection, target.Dag, null, null, int.MaxValue, withTasks: false));
            if (runs.Count == 0)
            {
                console.Line($"{target.Dag} has not run yet");
                return ExitCodes.Success;
            }
            var table = new TextTable("RUN", "STATE", "STARTED", "DURATION", "TRIGGER");
            foreach (var run in runs)
                table.Add(run.RunId, StatusNames.Of(run.Status), run.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss"),
                    run.Duration is { } d ? RunProgress.Seconds(d) : "", run.Trigger);
            table.WriteTo(console.Out);
            return ExitCodes.Success;
        }

        var runId = parsed.GetValue(RunId);
        var summary = HistoryAccess.Read(workspace, connection => runId is null
            ? RunQueries.List(connection, target.Dag, null, null, 1).FirstOrDefault()
            : RunQueries.Get(connection, runId));
        if (summary is null || summary.Dag != target.Dag)
        {
            console.Error(runId is null ? $"error: {target.Dag} has not run yet" : $"error: no run '{runId}' of {target.Dag} in the run history");
            return ExitCodes.Failure;
        }
        var tasks = target.Task is null ? summary.Tasks.Select(t => t.Name).ToList() : [target.Task];
        if (target.Task is not null && summary.Task(target.Task) is null)
        {
            console.Error($"error: run {summary.RunId} has no task '{target.Task}'; its tasks: {string.Join(", ", summary.Tasks.Select(t => t.Name))}");
            return ExitCodes.Usage;
        }

        var paths = RunPaths.Of(workspace.Config.RunsDir, summary.RunId);
        if (parsed.GetValue(Follow))
            return await LogFollower.FollowAsync(console, workspace, summary.RunId, tasks, paths);

        foreach (var task in tasks)
        {
            var state = summary.Task(task);
            console.Line(console.Bold($"== {task} ({(state is null ? "?" : StatusNames.Of(state.Status))}) — {summary.RunId} =="));
            var log = paths.LogOf(task);
            if (File.Exists(log))
            {
                using var reader = File.OpenText(log);
                console.Out.Write(reader.ReadToEnd());
            }
            else
            {
                console.Line(state?.Status is TaskStatus.Pending or TaskStatus.Skipped or TaskStatus.UpstreamFailed
                    ? "(no log: the task did not run)"
                    : $"(no log at {DisplayPath.Of(log)}: removed by keep_artifacts or retention)");
            }
        }
        return ExitCodes.Success;
    }
}
