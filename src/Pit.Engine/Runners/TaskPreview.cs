using Pit.Connectors.Sql;
using Pit.Core.Dags;
using Pit.Core.Secrets;
using Pit.Core.Workspace;

namespace Pit.Engine.Runners;

/// <summary>
/// What each task of a DAG would run, without running anything (<c>pit run --dry-run</c>): the
/// command line of a process task as Pit would start it, the script and connection of a sql task,
/// the file, table and mode of a load or save. A problem that would stop a task (a missing program,
/// script or secret) is shown in place of its command. Connections show their name and provider, never their string.
/// </summary>
public static class TaskPreview
{
    public sealed record Line(string Task, IReadOnlyList<string> DependsOn, string What, string? Problem);

    public static IReadOnlyList<Line> Of(DagDefinition dag, IEnumerable<TaskDefinition> tasks, Workspace workspace, SecretsFile secrets)
    {
        var chosen = tasks.Select(t => t.Name).ToHashSet();
        return DagGraph.TopologicalOrder(dag.Tasks)
            .Where(chosen.Contains)
            .Select(name => Describe(dag, dag.FindTask(name)!, workspace, secrets))
            .ToList();
    }

    private static Line Describe(DagDefinition dag, TaskDefinition task, Workspace workspace, SecretsFile secrets)
    {
        switch (task.Runner.Kind)
        {
            case RunnerKind.Sql:
                return new Line(task.Name, task.DependsOn, $"sql {task.Script} on connection {task.Connection}{Provider(dag, task.Connection, workspace, secrets, out var problem)}", problem);
            case RunnerKind.Data when task.Data is { } data:
                return new Line(task.Name, task.DependsOn, DataTaskExecutor.Describe(data) + Provider(dag, data.Connection, workspace, secrets, out var dataProblem), dataProblem);
            default:
            {
                var launch = new TaskLaunch
                {
                    RunId = "dry-run", Dag = dag.Name, Task = task, Attempt = 1,
                    SnapshotDir = dag.ProjectDir, DataDir = Path.Combine(workspace.Config.RunsDir, "<run-id>", "data"),
                    LogFile = "", Environment = new Dictionary<string, string>(task.Env),
                    PythonInterpreter = workspace.Config.Python, WorkspaceRoot = workspace.Root,
                };
                return TaskCommand.TryCreate(launch, out var command, out var error)
                    ? new Line(task.Name, task.DependsOn, command.Display, null)
                    : new Line(task.Name, task.DependsOn, TaskCommand.Describe(task), error);
            }
        }
    }

    private static string Provider(DagDefinition dag, string? connection, Workspace workspace, SecretsFile secrets, out string? problem)
    {
        problem = null;
        if (string.IsNullOrEmpty(connection))
        {
            problem = "no connection: add [dag.sql] connection = \"<secret name>\"";
            return "";
        }
        var lookup = secrets.Resolve(dag.Name, connection);
        if (lookup.Secret is not { } secret)
        {
            problem = $"connection '{connection}': {lookup.Error}";
            return "";
        }
        try
        {
            return $" ({SqlTargets.Resolve(connection, secret, workspace.Root).Dialect.Name})";
        }
        catch (SqlConnectorException e)
        {
            problem = e.Message;
            return "";
        }
    }
}
