using System.Runtime.InteropServices;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Pit.Cli.Output;
using Pit.Core.Workspace;
using Pit.Engine.Hosting;
using Pit.Engine.Protocol;
using Pit.Engine.Runs;

namespace Pit.Cli.Commands;

/// <summary>
/// Follows a run of an in-process engine (<c>pit run</c>, <c>pit rerun</c> without a service): a line per
/// transition, the task output with <c>--verbose</c>, then a summary; Ctrl-C or SIGTERM cancels the run.
/// Exit 0 (success), 1 (failed, timed out), 130 (cancelled by the user).
/// </summary>
public static class LocalRun
{
    public const int Cancelled = 130;

    /// <param name="tap">Subscribed before the run was triggered, so none of its events is missed.</param>
    public static async Task<int> FollowAsync(PitEngine engine, EventTap tap, string runId, Workspace workspace, bool verbose, CliConsole console)
    {
        var paths = RunPaths.Of(workspace.Config.RunsDir, runId);
        var progress = new RunProgress(console, CliConsole.TerminalWantsColour(), paths.Logs);

        var cancelledByUser = false;
        void Cancel(string why)
        {
            cancelledByUser = true;
            engine.Actors!.Runs.Tell(new DagRunCommands.CancelRun(runId, why));
        }
        ConsoleCancelEventHandler onCtrlC = (_, e) =>
        {
            e.Cancel = true;
            Cancel("cancelled by Ctrl-C");
        };
        Console.CancelKeyPress += onCtrlC;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            Cancel("cancelled by SIGTERM");
        });

        if (verbose)
        {
            _ = engine.Live!.Subscribe()
                .Where(line => line.RunId == runId)
                .RunForeach(line => progress.TaskOutput(line.Task, line.Line), engine.System.Materializer());
        }

        var finished = await Follow(tap, runId, progress);
        Console.CancelKeyPress -= onCtrlC;
        WriteSummary(console, progress.State!, finished, paths);
        return finished.Status switch
        {
            RunStatus.Succeeded => ExitCodes.Success,
            RunStatus.Cancelled when cancelledByUser => Cancelled,
            _ => ExitCodes.Failure,
        };
    }

    /// <summary>
    /// Applies the run's events as they come, writing their lines out once per burst of events, and
    /// ticks the progress every 250 ms meanwhile (one timer, not one per event).
    /// </summary>
    private static async Task<RunEvents.RunFinished> Follow(EventTap tap, string runId, RunProgress progress)
    {
        var reader = tap.Events;
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        var tick = ticks.WaitForNextTickAsync().AsTask();
        while (true)
        {
            while (reader.TryRead(out var e))
            {
                if (((IWithRunId)e).RunId != runId) continue;
                progress.Apply(e);
                if (e is RunEvents.RunFinished finished) return finished;
            }
            progress.Flush();
            var more = reader.WaitToReadAsync().AsTask();
            while (await Task.WhenAny(more, tick) != more)
            {
                progress.Tick();
                tick = ticks.WaitForNextTickAsync().AsTask();
            }
            if (!await more) throw new ChannelClosedException();
        }
    }

    private static void WriteSummary(CliConsole console, DagRunState state, RunEvents.RunFinished finished, RunPaths paths)
    {
        var took = state.CreatedAt is { } start ? RunProgress.Seconds(finished.At - start) : "";
        var verdict = finished.Status == RunStatus.Succeeded ? console.Green(StatusNames.Of(finished.Status)) : console.Red(StatusNames.Of(finished.Status));
        console.Line($"run {state.RunId} {verdict} in {took}" + (finished.Reason is { } reason ? $" ({reason})" : ""));
        var table = new TextTable("  task", "state", "attempts", "duration", "exit");
        foreach (var task in state.InOrder)
        {
            var duration = task is { StartedAt: { } s, FinishedAt: { } e } ? RunProgress.Seconds(e - s) : "";
            table.Add($"  {task.Name}", StatusNames.Of(task.Status) + (task.Reused ? " (reused)" : ""), task.Attempt.ToString(), duration, task.ExitCode?.ToString() ?? "");
        }
        table.WriteTo(console.Out);
        console.Line($"logs: {DisplayPath.Of(paths.Logs)}");
        console.Out.Flush();
    }
}
