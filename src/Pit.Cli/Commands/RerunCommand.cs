using System.CommandLine;
using System.Text.Json.Nodes;
using Akka.Actor;
using Pit.Cli.Control;
using Pit.Engine.Control;
using Pit.Engine.Hosting;
using Pit.Engine.Protocol;
using Pit.Server.Control;

namespace Pit.Cli.Commands;

/// <summary>
/// <c>pit rerun &lt;run-id&gt; [--failed | --from &lt;task&gt; | --task &lt;task&gt;]</c>: a new run (trigger
/// <c>rerun</c>) of an ended run, from that run's snapshot and a copy of its data folder; the tasks
/// not selected keep how they ended there (<c>success (reused)</c>). Through the <c>pit serve</c> that
/// answers on the workspace's control socket when there is one (<c>run rerun</c>), else in-process
/// like <c>pit run</c>; either way it follows the new run and exits as <c>pit run</c> does (0, 1, 130).
/// Exit 2 for bad flags or an unknown task, 1 for an unknown run, a run still running, or one whose snapshot was deleted.
/// </summary>
public static class RerunCommand
{
    private static readonly Argument<string> RunId = new("run-id") { Description = "The ended run to rerun (pit status <dag> and pit ctl run ls list them)" };

    private static readonly Option<bool> Failed = new("--failed")
    {
        Description = "Rerun the tasks that did not succeed and everything downstream of them; the others are reused",
    };

    private static readonly Option<string?> From = new("--from") { Description = "Rerun this task and everything downstream of it; the others are reused" };

    private static readonly Option<string?> Task = new("--task") { Description = "Rerun exactly this task (whatever its upstream did); the others are reused" };

    public static Command Build(CliConsole console)
    {
        var command = new Command("rerun", "Run an ended run again from its snapshot: every task, or only the failed ones, or from a task on");
        command.Arguments.Add(RunId);
        command.Options.Add(Failed);
        command.Options.Add(From);
        command.Options.Add(Task);
        command.SetAction((parsed, cancel) => ExecuteAsync(parsed, console, cancel));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parsed, CliConsole console, CancellationToken cancel)
    {
        var runId = parsed.GetValue(RunId)!;
        var order = RerunWords.Order(runId, parsed.GetValue(Failed), parsed.GetValue(From), parsed.GetValue(Task), out var problem);
        if (order is null)
        {
            console.Error($"error: {problem}");
            return ExitCodes.Usage;
        }
        if (WorkspaceOption.Root(parsed, console) is not { } root) return ExitCodes.Failure;
        var verbose = parsed.GetValue(GlobalOptions.Verbose);
        await using var service = await ControlConnection.TryWorkspaceServiceAsync(root, cancel);
        return service is not null
            ? await ThroughServiceAsync(service, order, Words(parsed), verbose, console, cancel)
            : await LocallyAsync(parsed, order, verbose, console);
    }

    /// <summary>The words after the run id, as <c>run rerun</c> takes them.</summary>
    private static List<string> Words(ParseResult parsed)
    {
        var words = new List<string> { parsed.GetValue(RunId)! };
        if (parsed.GetValue(Failed)) words.Add("--failed");
        if (parsed.GetValue(From) is { } from) words.AddRange(["--from", from]);
        if (parsed.GetValue(Task) is { } task) words.AddRange(["--task", task]);
        return words;
    }

    private static async Task<int> ThroughServiceAsync(ControlClient client, RerunOrder order, List<string> words, bool verbose, CliConsole console, CancellationToken cancel)
    {
        JsonNode? result;
        try
        {
            result = await client.CallAsync("run rerun", ControlClient.Argv(words), cancel);
        }
        catch (ControlErrorException ex)
        {
            console.Error($"error: {ex.Message}");
            return ex.Code == "bad_args" || (ex.Code == "not_found" && ex.Known.Count > 0) ? ExitCodes.Usage : ExitCodes.Failure;
        }
        catch (ControlUnreachableException ex)
        {
            console.Error($"error: {ex.Message}");
            return ExitCodes.NoService;
        }
        if (result?["run_id"]?.GetValue<string>() is not { } newRun)
        {
            console.Line($"queued: the rerun of {order.RunId} waits in line (position {result?["queued"]?.ToJsonString() ?? "?"}) behind an active run of its DAG; it starts when that run ends");
            return ExitCodes.Success;
        }
        console.Line($"run {newRun}: rerun of {order.RunId} on pit serve");
        console.Out.Flush();
        return await RunWait.FollowAsync(client, newRun, verbose, console, "pit rerun");
    }

    private static async Task<int> LocallyAsync(ParseResult parsed, RerunOrder order, bool verbose, CliConsole console)
    {
        if (WorkspaceOption.Load(parsed, console) is not { } workspace) return ExitCodes.Failure;
        if (SecretsCommand.Open(parsed, workspace, console) is not { } secrets) return ExitCodes.Failure;
        await using var engine = await PitEngine.StartAsync(workspace, secrets);
        using var tap = new EventTap(engine.System);
        var reply = await engine.Actors!.Scheduler.Ask<object>(new SchedulerCommands.Rerun(order), TimeSpan.FromMinutes(1));
        if (reply is SchedulerCommands.TriggerRejected rejected)
        {
            console.Error($"error: {rejected.Reason}");
            return rejected.Kind == SchedulerCommands.RejectionKind.UnknownTask ? ExitCodes.Usage : ExitCodes.Failure;
        }
        var runId = ((SchedulerCommands.TriggerAccepted)reply).RunId;
        return await LocalRun.FollowAsync(engine, tap, runId, workspace, verbose, console);
    }
}
