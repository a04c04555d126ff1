using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Akka.Actor;
using Pit.Cli.Control;
using Pit.Cli.Output;
using Pit.Core.Workspace;
using Pit.Engine.Actors;
using Pit.Engine.Control;
using Pit.Engine.Hosting;
using Pit.Engine.Protocol;
using Pit.Engine.Scheduling;
using Pit.Server.Control;

namespace Pit.Cli.Commands;

/// <summary>
/// <c>pit backfill &lt;dag&gt; --from T --to T [--max-active N] [--dry-run]</c>: one run per occurrence of
/// the DAG's schedule in [from, to] (trigger <c>backfill</c>, the occurrence as its logical time),
/// through the <c>pit serve</c> that answers on the workspace's control socket (<c>dag backfill</c>),
/// else in-process. It waits for every run: exit 0 when all succeeded, 1 otherwise, 2 for bad input,
/// 130 after Ctrl-C (in-process, the active runs are cancelled; through a service they go on).
/// </summary>
public static class BackfillCommand
{
    private static readonly Argument<string> Dag = new("dag") { Description = "The DAG whose schedule is backfilled" };

    private static readonly Option<string> From = new("--from")
    {
        Description = "The start of the range: 2025-03-01, 2025-03-01T06:00 (in the DAG's time zone) or 2025-03-01T06:00:00Z",
        Required = true,
    };

    private static readonly Option<string> To = new("--to") { Description = "The end of the range (included), written like --from", Required = true };

    private static readonly Option<int?> MaxActive = new("--max-active")
    {
        Description = "With overlap = allow, at most N backfill runs at once (default 1; capped by max_active_runs). With skip or queue, one at a time",
    };

    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "List the occurrences and start nothing" };

    public static Command Build(CliConsole console)
    {
        var command = new Command("backfill", "Run a DAG once per occurrence of its schedule in a past range, each with that occurrence as its logical time");
        command.Arguments.Add(Dag);
        command.Options.Add(From);
        command.Options.Add(To);
        command.Options.Add(MaxActive);
        command.Options.Add(DryRun);
        command.SetAction((parsed, cancel) => ExecuteAsync(parsed, console, cancel));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parsed, CliConsole console, CancellationToken cancel)
    {
        if (parsed.GetValue(MaxActive) is < 1)
        {
            console.Error($"error: --max-active must be 1 or more, got {parsed.GetValue(MaxActive)}");
            return ExitCodes.Usage;
        }
        if (WorkspaceOption.Root(parsed, console) is not { } root) return ExitCodes.Failure;
        await using var service = await ControlConnection.TryWorkspaceServiceAsync(root, cancel);
        return service is not null ? await ThroughServiceAsync(service, parsed, console) : await LocallyAsync(parsed, console);
    }

    private static async Task<int> ThroughServiceAsync(ControlClient client, ParseResult parsed, CliConsole console)
    {
        var words = new List<string> { parsed.GetValue(Dag)!, "--from", parsed.GetValue(From)!, "--to", parsed.GetValue(To)! };
        if (parsed.GetValue(MaxActive) is { } max) words.AddRange(["--max-active", max.ToString(CultureInfo.InvariantCulture)]);
        if (parsed.GetValue(DryRun)) words.Add("--dry-run");
        var printer = new BackfillPrinter(console);
        using var interrupt = new CancellationTokenSource();
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
        {
            signal.Cancel = true;
            interrupt.Cancel();
        });
        try
        {
            await foreach (var line in client.StreamAsync("dag backfill", ControlClient.Argv(words), interrupt.Token)) printer.Print(line);
        }
        catch (ControlErrorException ex)
        {
            console.Error($"error: {ex.Message}");
            return ex.Code is "bad_args" or "not_found" ? ExitCodes.Usage : ExitCodes.Failure;
        }
        catch (ControlUnreachableException ex)
        {
            console.Error($"error: {ex.Message}; the backfill's runs may still be going");
            return ExitCodes.NoService;
        }
        if (interrupt.IsCancellationRequested)
        {
            console.Error("pit backfill: stopped; pit serve starts no further run of this backfill, and the runs already started go on");
            return LocalRun.Cancelled;
        }
        return printer.AllSucceeded == true ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static async Task<int> LocallyAsync(ParseResult parsed, CliConsole console)
    {
        if (WorkspaceOption.Load(parsed, console) is not { } workspace) return ExitCodes.Failure;
        var name = parsed.GetValue(Dag)!;
        if (workspace.FindProject(name) is not { } project) return WorkspaceOption.UnknownDag(console, workspace, name);
        var errors = workspace.ConfigErrors.Concat(project.Errors).ToList();
        if (errors.Count > 0 || project.Dag is not { } dag)
        {
            foreach (var error in errors) console.Error($"error: {error.Format(DisplayPath.Of(error.File))}");
            console.Error($"error: {name} is not valid; nothing was started (run `pit validate`)");
            return ExitCodes.Failure;
        }
        var plan = BackfillPlan.Make(dag, parsed.GetValue(From)!, parsed.GetValue(To)!, parsed.GetValue(MaxActive), workspace.Config.MaxActiveRuns, DateTimeOffset.UtcNow);
        if (plan.Error is { } problem)
        {
            console.Error($"error: {problem}");
            return plan.NoSchedule ? ExitCodes.Failure : ExitCodes.Usage;
        }
        var dryRun = parsed.GetValue(DryRun);
        var printer = new BackfillPrinter(console);
        printer.Print(BackfillJson.Plan(dag, plan, dryRun));
        if (dryRun || plan.Occurrences.Count == 0) return ExitCodes.Success;

        if (SecretsCommand.Open(parsed, workspace, console) is not { } secrets) return ExitCodes.Failure;
        await using var engine = await PitEngine.StartAsync(workspace, secrets);
        return await FollowAsync(engine, dag.Name, plan, printer);
    }

    /// <summary>Runs the backfill in this process; Ctrl-C or SIGTERM starts nothing further and cancels the active runs.</summary>
    private static async Task<int> FollowAsync(PitEngine engine, string dag, BackfillPlan.Outcome plan, BackfillPrinter printer)
    {
        using var stop = new CancellationTokenSource();
        var active = new HashSet<string>(StringComparer.Ordinal);
        void Interrupt(string why)
        {
            if (stop.IsCancellationRequested) return;
            stop.Cancel();
            lock (active)
                foreach (var runId in active) engine.Actors!.Runs.Tell(new DagRunCommands.CancelRun(runId, why));
        }
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
        {
            signal.Cancel = true;
            Interrupt("cancelled by Ctrl-C");
        });
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            Interrupt("cancelled by SIGTERM");
        });
        await foreach (var report in Backfill.RunAsync(engine.System, engine.Actors!.Scheduler, dag, plan.Occurrences, plan.Concurrency, stop.Token))
        {
            lock (active)
            {
                if (report is BackfillReports.RunStarted started) active.Add(started.RunId);
                if (report is BackfillReports.RunEnded ended) active.Remove(ended.RunId);
            }
            // A run that started after Ctrl-C (its trigger was on its way) is cancelled too.
            if (stop.IsCancellationRequested && report is BackfillReports.RunStarted late)
                engine.Actors.Runs.Tell(new DagRunCommands.CancelRun(late.RunId, "the backfill was stopped"));
            printer.Print(BackfillJson.Of(report));
        }
        if (stop.IsCancellationRequested) return LocalRun.Cancelled;
        return printer.AllSucceeded == true ? ExitCodes.Success : ExitCodes.Failure;
    }
}
