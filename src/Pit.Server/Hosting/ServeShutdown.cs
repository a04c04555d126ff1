using Akka.Actor;
using Pit.Core.Time;
using Pit.Engine.Actors;
using Pit.Engine.Hosting;
using Pit.Engine.Protocol;

namespace Pit.Server.Hosting;

/// <summary>
/// How <c>pit serve</c> stops: the Scheduler first stops firing and accepting triggers, then the
/// active runs get up to <c>shutdown_timeout</c> to finish; those still running are cancelled
/// (reason <see cref="CancelReason"/>) and given kill_grace and a few seconds more to be recorded.
/// Says each step on stdout.
/// </summary>
public sealed class ServeShutdown(PitEngine engine, TimeSpan shutdownTimeout, TimeSpan killGrace, Action<string> say)
{
    public const string CancelReason = "pit serve stopped";

    /// <summary>How often the active runs are asked for while waiting.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Past kill_grace, how long a cancelled run may take to record its end.</summary>
    public static readonly TimeSpan RecordSlack = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    private readonly PitGuardianActor.Children _actors = engine.Actors ?? throw new ArgumentException("pit serve needs an engine with its actors", nameof(engine));

    /// <summary>From now on the Scheduler fires no schedule and refuses every trigger (503 shutting_down from the API).</summary>
    public async Task StopTriggersAsync()
    {
        try
        {
            await _actors.Scheduler.Ask<SchedulerCommands.TriggersStopped>(new SchedulerCommands.StopTriggers(), AskTimeout);
        }
        catch (AskTimeoutException)
        {
            say("pit serve: the scheduler did not confirm that it stopped triggering; going on");
        }
    }

    /// <summary>
    /// Waits for the active runs (up to <c>shutdown_timeout</c>, or until <paramref name="hurry"/>),
    /// then cancels the rest and waits for them to be recorded.
    /// </summary>
    public async Task DrainAsync(CancellationToken hurry)
    {
        var active = await ActiveRunsAsync();
        if (active.Count == 0) return;
        say($"pit serve: stopping; waiting for {Runs(active.Count)} (up to {DurationText.Format(shutdownTimeout)}): {string.Join(", ", active)}");
        active = await WaitAsync(shutdownTimeout, hurry);
        if (active.Count == 0)
        {
            say("pit serve: every active run finished");
            return;
        }
        var why = hurry.IsCancellationRequested ? "asked to stop at once" : $"shutdown_timeout ({DurationText.Format(shutdownTimeout)}) passed";
        say($"pit serve: {why}; cancelling {Runs(active.Count)}: {string.Join(", ", active)}");
        foreach (var runId in active) _actors.Runs.Tell(new DagRunCommands.CancelRun(runId, CancelReason));
        active = await WaitAsync(killGrace + RecordSlack, CancellationToken.None);
        if (active.Count == 0) say($"pit serve: cancelled runs recorded");
        else say($"pit serve: gave up waiting for {Runs(active.Count)} to record its end: {string.Join(", ", active)}");
    }

    /// <summary>Asks for the active runs every <see cref="PollInterval"/> until there are none or <paramref name="limit"/> passed; returns the last answer.</summary>
    private async Task<IReadOnlyList<string>> WaitAsync(TimeSpan limit, CancellationToken hurry)
    {
        var deadline = DateTime.UtcNow + limit;
        var active = await ActiveRunsAsync();
        while (active.Count > 0 && DateTime.UtcNow < deadline && !hurry.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PollInterval, hurry);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            active = await ActiveRunsAsync();
        }
        return active;
    }

    private async Task<IReadOnlyList<string>> ActiveRunsAsync()
    {
        try
        {
            var answer = await _actors.Scheduler.Ask<SchedulerQueries.ActiveRuns>(new SchedulerQueries.GetActiveRuns(), AskTimeout);
            return answer.RunIds;
        }
        catch (AskTimeoutException)
        {
            say("pit serve: the scheduler did not say which runs are active; not waiting for them");
            return [];
        }
    }

    private static string Runs(int count) => count == 1 ? "1 active run" : $"{count} active runs";
}
