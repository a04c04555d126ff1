using System.Diagnostics;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Pit.Engine.Hosting;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;

namespace Pit.Engine.Streams;

/// <summary>
/// Follows one task's log until the task settles (success, failed, skipped, upstream_failed; a
/// failed attempt with a retry ahead is not settled) or its run ends: the lines its file holds,
/// then each line appended. The file is the source, not the live hub: it holds every line in
/// order, already redacted, while the hub drops lines for a slow viewer and holds none from
/// before one subscribed. Lines reach the file as they come (<see cref="LogFileSink"/>),
/// and an attempt's last lines are in it before its outcome is recorded, so reading the file once
/// more after the outcome gets them all.
/// <para>
/// When to look at the run history again: when this engine persists an event that settles the task
/// or ends the run (through a <see cref="RunEventFeed"/> subscription, dropped when the follow ends, however it
/// ends), and every <see cref="Recheck"/> for a run another Pit process runs.
/// </para>
/// </summary>
public sealed class TaskLogFollower(ActorSystem system, Func<string, CancellationToken, Task<RunSummary?>> readRun)
{
    public TaskLogFollower(ActorSystem system, RunHistoryReader history) : this(system, history.GetAsync)
    {
    }

    /// <summary>How often the file is looked at.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often the run history is read without an event saying so.</summary>
    public TimeSpan Recheck { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>After this long without lines, a <see cref="Quiet"/> step (a stream's keep-alive).</summary>
    public TimeSpan QuietAfter { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>What a follow yields.</summary>
    public abstract record Step;

    /// <summary>New lines of the log, each with the byte position after it (where a later follow may resume).</summary>
    public sealed record Lines(IReadOnlyList<LogTail.Line> Text) : Step;

    /// <summary>No new line for <see cref="QuietAfter"/>; the task is still going.</summary>
    public sealed record Quiet : Step;

    /// <summary>The last step: the run as it was when the task settled or the run ended (null when the history has no such run).</summary>
    public sealed record Ended(RunSummary? Run) : Step;

    /// <summary>The lines of <paramref name="task"/>'s log from where <paramref name="tail"/> stands, then <see cref="Ended"/>.</summary>
    public async IAsyncEnumerable<Step> FollowAsync(string runId, string task, LogTail tail, [EnumeratorCancellation] CancellationToken cancel = default)
    {
        // Subscribed before the first look at the history, so no event after that look is missed.
        using var tap = RunEventFeed.For(system).Subscribe(runId);
        var run = await readRun(runId, cancel).ConfigureAwait(false);
        var sinceCheck = Stopwatch.StartNew();
        var sinceLines = Stopwatch.StartNew();
        while (true)
        {
            // Decided before reading, so this read gets the lines written before the outcome.
            var over = IsOver(run, task);
            IReadOnlyList<LogTail.Line> lines;
            while ((lines = tail.ReadNew()).Count > 0)
            {
                yield return new Lines(lines);
                sinceLines.Restart();
            }
            if (over)
            {
                yield return new Ended(run);
                yield break;
            }
            if (sinceLines.Elapsed >= QuietAfter)
            {
                yield return new Quiet();
                sinceLines.Restart();
            }
            await Task.Delay(Poll, cancel).ConfigureAwait(false);
            if (Drain(tap, runId, task) || sinceCheck.Elapsed >= Recheck)
            {
                run = await readRun(runId, cancel).ConfigureAwait(false);
                sinceCheck.Restart();
            }
        }
    }

    /// <summary>True when there is nothing more to wait for: no such run or task, the task settled, or the run ended.</summary>
    public static bool IsOver(RunSummary? run, string task) =>
        run is null || run.Status != RunStatus.Running || run.Task(task) is not { } state || state.Status.IsSettled();

    /// <summary>True when <paramref name="e"/> may settle <paramref name="task"/> of <paramref name="runId"/> or end that run.</summary>
    public static bool Concerns(IPitEvent e, string runId, string task) => e switch
    {
        RunEvents.RunFinished f => f.RunId == runId,
        RunEvents.TaskSucceeded s => s.RunId == runId && s.Task == task,
        RunEvents.TaskFailed f => f.RunId == runId && f.Task == task,
        RunEvents.TaskSkipped s => s.RunId == runId && s.Task == task,
        RunEvents.TaskUpstreamFailed u => u.RunId == runId && u.Task == task,
        _ => false,
    };

    /// <summary>Takes every event the tap holds; true when one of them concerns the task.</summary>
    private static bool Drain(RunEventFeed.Subscription tap, string runId, string task)
    {
        var concerned = false;
        while (tap.Events.TryRead(out var e)) concerned |= Concerns(e, runId, task);
        return concerned;
    }
}
