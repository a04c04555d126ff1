using Pit.Connectors.Sql;
using Pit.Core.Time;

namespace Pit.Engine.Runners;

/// <summary>
/// Thrown by an in-process runner for a failure of the task (not of Pit): its message is the reason.
/// <paramref name="ran"/> false means the task could not start (a missing secret or file), which no retry can fix.
/// </summary>
public sealed class TaskFailedException(string message, bool ran = true) : Exception(message)
{
    public bool Ran { get; } = ran;
}

/// <summary>
/// Runs one attempt of an in-process runner (sql, load, save) the way a process attempt runs: a
/// header line in the task log, the runner's own lines, a footer; the task's timeout and the run's
/// cancellation stop the work (the runner passes the token on to the database, which stops the query).
/// A <see cref="TaskFailedException"/> or <see cref="SqlConnectorException"/> fails the attempt with its message.
/// </summary>
internal static class InProcessAttempt
{
    public delegate Task Body(InProcessAttemptLog log, CancellationToken cancel);

    public static async Task<TaskOutcome> RunAsync(TaskLaunch launch, string display, Action<TaskLogLine>? live, Body body, CancellationToken cancel)
    {
        var started = DateTimeOffset.UtcNow;
        if (cancel.IsCancellationRequested) return new TaskOutcome(null, false, true, null);
        if (!InProcessAttemptLog.TryOpen(launch, live, out var log, out var logError)) return TaskOutcome.CouldNotStart(logError);
        await using (log.ConfigureAwait(false))
        {
            TaskOutcome outcome;
            try
            {
                await log.WriteAsync(AttemptLog.Header(launch, display, started)).ConfigureAwait(false);
                outcome = await RunBodyAsync(launch, log, body, cancel).ConfigureAwait(false);
                await log.WriteAsync(AttemptLog.Footer(launch, outcome, started)).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                return TaskOutcome.CouldNotStart($"could not write the task log {launch.LogFile}: {e.Message}");
            }
            return outcome;
        }
    }

    private static async Task<TaskOutcome> RunBodyAsync(TaskLaunch launch, InProcessAttemptLog log, Body body, CancellationToken cancel)
    {
        using var timeout = new CancellationTokenSource();
        if (launch.Timeout is { } limit && limit < TimeSpan.FromDays(24)) timeout.CancelAfter(limit);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel, timeout.Token);
        try
        {
            await body(log, stop.Token).ConfigureAwait(false);
            return TaskOutcome.Exited(0);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            var timedOut = !cancel.IsCancellationRequested;
            await log.WriteAsync(timedOut
                ? $"pit: timed out after {DurationText.Format(launch.Timeout ?? TimeSpan.Zero)}; the work was stopped"
                : "pit: cancelled; the work was stopped").ConfigureAwait(false);
            return new TaskOutcome(null, timedOut, !timedOut, null);
        }
        catch (Exception e) when (e is TaskFailedException or SqlConnectorException)
        {
            var reason = launch.Redactor is { } redactor ? redactor.Redact(e.Message) : e.Message;
            await log.WriteAsync("pit: " + reason).ConfigureAwait(false);
            return e is TaskFailedException { Ran: false } ? TaskOutcome.CouldNotStart(reason) : TaskOutcome.Failed(reason);
        }
    }
}
