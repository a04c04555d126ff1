using System.Diagnostics;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Pit.Engine.Hosting;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;
using Pit.Engine.Runs;

namespace Pit.Engine.Streams;

/// <summary>
/// Follows the logs of a run's tasks (or of one of them) until the run ends: each task's log from
/// its start, then each line appended, every task of the plan included, those that start later
/// too. As <see cref="TaskLogFollower"/> does for one task, it reads the files, not the live hub:
/// they hold every line in order, already redacted. A task's last lines are in its log before its
/// outcome is recorded, and the run ends after its tasks, so reading the files once more after the
/// end gets them all.
/// <para>
/// The run history is read again when this engine persists the run's end (through an
/// <see cref="EventTap"/>, dropped when the follow ends), and every <see cref="Recheck"/> for a run
/// another Pit process runs.
/// </para>
/// </summary>
public sealed class RunLogFollower(ActorSystem system, string runsDir, Func<string, CancellationToken, Task<RunSummary?>> readRun)
{
    /// <summary>How often the files are looked at.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often the run history is read without an event saying so.</summary>
    public TimeSpan Recheck { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>What a follow yields.</summary>
    public abstract record Step;

    /// <summary>New lines of <paramref name="Task"/>'s log.</summary>
    public sealed record Lines(string Task, IReadOnlyList<LogTail.Line> Text) : Step;

    /// <summary>The last step: the run as it ended (null when the history has no such run).</summary>
    public sealed record Ended(RunSummary? Run) : Step;

    /// <summary>The lines of the run's task logs (only <paramref name="task"/>'s when given), then <see cref="Ended"/>.</summary>
    public async IAsyncEnumerable<Step> FollowAsync(string runId, string? task = null, [EnumeratorCancellation] CancellationToken cancel = default)
    {
        // Subscribed before the first look at the history, so the run's end is not missed.
        using var tap = new EventTap(system);
        var run = await readRun(runId, cancel).ConfigureAwait(false);
        var paths = RunPaths.Of(runsDir, runId);
        var tails = new Dictionary<string, LogTail>(StringComparer.Ordinal);
        var sinceCheck = Stopwatch.StartNew();
        while (true)
        {
            // Decided before reading, so this read gets the lines written before the end.
            var over = run is null || run.Status != RunStatus.Running;
            foreach (var name in TasksOf(run, task))
            {
                if (!tails.TryGetValue(name, out var tail)) tails[name] = tail = new LogTail(paths.LogOf(name));
                IReadOnlyList<LogTail.Line> lines;
                while ((lines = tail.ReadNew()).Count > 0) yield return new Lines(name, lines);
            }
            if (over)
            {
                yield return new Ended(run);
                yield break;
            }
            await Task.Delay(Poll, cancel).ConfigureAwait(false);
            if (Ends(tap, runId) || sinceCheck.Elapsed >= Recheck)
            {
                run = await readRun(runId, cancel).ConfigureAwait(false);
                sinceCheck.Restart();
            }
        }
    }

    /// <summary>The tasks of the run's plan (all known from its start), or only <paramref name="task"/>.</summary>
    private static IEnumerable<string> TasksOf(RunSummary? run, string? task) =>
        run is null ? [] : run.Tasks.Select(t => t.Name).Where(name => task is null || name == task);

    /// <summary>Takes every event the tap holds; true when one of them ends the run.</summary>
    private static bool Ends(EventTap tap, string runId)
    {
        var ended = false;
        while (tap.Events.TryRead(out var e)) ended |= e is RunEvents.RunFinished finished && finished.RunId == runId;
        return ended;
    }
}
