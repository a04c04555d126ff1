using System.CommandLine;
using Akka.Actor;
using Pit.Cli.Output;
using Pit.Core.Workspace;
using Pit.Engine.Hosting;
using Pit.Engine.Protocol;

namespace Pit.Cli.Commands;

/// <summary>
/// <c>pit run &lt;dag&gt;[/&lt;task&gt;] [--verbose] [--dry-run]</c>: runs a DAG (or one task) through the same actor
/// tree <c>pit serve</c> uses, shows progress, and exits 0 (success), 1 (failed), 130 (cancelled).
/// </summary>
public static class RunCommand
{
    public const int Cancelled = LocalRun.Cancelled;

    private static readonly Argument<string> Target = new("target")
    {
        Description = "A DAG, DAG/task, or inside projects/<name>/ just a task",
    };

    private static readonly Option<bool> DryRun = new("--dry-run")
    {
        Description = "Print what each task would run, in order, without running anything",
    };

    public static Command Build(CliConsole console)
    {
        var command = new Command("run", "Run a DAG, or one of its tasks, now");
        command.Arguments.Add(Target);
        command.Options.Add(DryRun);
        command.SetAction((parsed, cancel) => ExecuteAsync(parsed, console));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parsed, CliConsole console)
    {
        var workspace = WorkspaceOption.Load(parsed, console);
        if (workspace is null) return ExitCodes.Failure;
        var target = RunTarget.Resolve(parsed.GetValue(Target)!, workspace, Environment.CurrentDirectory);
        if (Check(target, workspace, console) is { } refused) return refused;

        // A malformed secrets file stops the run before anything starts (its errors name file and line).
        if (SecretsCommand.Open(parsed, workspace, console) is not { } secrets) return ExitCodes.Failure;
        if (parsed.GetValue(DryRun)) return DryRunPrinter.Print(console, workspace, secrets, target);
        await using var engine = await PitEngine.StartAsync(workspace, secrets);
        using var tap = new EventTap(engine.System);
        var trigger = new SchedulerCommands.TriggerRun(target.Dag, target.Task, "manual", new Dictionary<string, string>());
        var reply = await engine.Actors!.Scheduler.Ask<object>(trigger, TimeSpan.FromMinutes(1));
        if (reply is SchedulerCommands.TriggerRejected rejected)
        {
            console.Error($"error: {rejected.Reason}");
            return rejected.Kind is SchedulerCommands.RejectionKind.UnknownDag or SchedulerCommands.RejectionKind.UnknownTask
                ? ExitCodes.Usage
                : ExitCodes.Failure;
        }
        var runId = ((SchedulerCommands.TriggerAccepted)reply).RunId;
        return await LocalRun.FollowAsync(engine, tap, runId, workspace, parsed.GetValue(GlobalOptions.Verbose), console);
    }

    /// <summary>Unknown DAG or task → usage error listing the known names; invalid project → its errors.</summary>
    private static int? Check(RunTarget target, Workspace workspace, CliConsole console)
    {
        var project = workspace.FindProject(target.Dag);
        if (project is null) return WorkspaceOption.UnknownDag(console, workspace, target.Dag);
        var errors = workspace.ConfigErrors.Concat(project.Errors).ToList();
        if (errors.Count > 0 || project.Dag is null)
        {
            foreach (var error in errors) console.Error($"error: {error.Format(DisplayPath.Of(error.File))}");
            console.Error($"error: {target.Dag} is not valid; nothing was started (run `pit validate`)");
            return ExitCodes.Failure;
        }
        if (target.Task is { } task && project.Dag.FindTask(task) is null)
        {
            console.Error($"error: DAG '{target.Dag}' has no task '{task}'; its tasks: {string.Join(", ", project.Dag.Tasks.Select(t => t.Name))}");
            return ExitCodes.Usage;
        }
        return null;
    }
}
