using System.Diagnostics;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Pit.Engine.Hosting;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;
using Pit.Engine.Runs;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Streams;

/// <summary>
/// Follows the logs of a run's tasks (or of one of them) until the run ends: each task's log from
/// its start, then each line appended, every task of the plan included, those that start later
/// too. As <see cref="TaskLogFollower"/> does for one task, it reads the files, not the live hub:
/// they hold every line in order, already redacted. A task's last lines are in its log before its
/// outcome is recorded, and the run ends after its tasks, so reading a file once more after the
/// outcome (and all of them after the end) gets them all.
/// <para>
/// A follow costs what the run's running tasks cost, not what its plan holds: only the logs of
/// tasks that started and have not settled are looked at, and what starts, settles and ends comes
/// from the events this engine persists (a <see cref="RunEventFeed"/> subscription, dropped when the follow ends).
/// The run history is read once at the start, and again only after <see cref="Recheck"/> without an
/// event of the run (a run another Pit process runs, or one that went quiet).
/// </para>
/// </summary>
public sealed class RunLogFollower(ActorSystem system, string runsDir, Func<string, CancellationToken, Task<RunSummary?>> readRun)
{
    /// <summary>How often the logs of running tasks are looked at.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long without an event of the run before the run history is read again.</summary>
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
        // Subscribed before the first look at the history, so no start, outcome or end is missed.
        using var tap = RunEventFeed.For(system).Subscribe(runId);
        var run = await readRun(runId, cancel).ConfigureAwait(false);
        var paths = RunPaths.Of(runsDir, runId);
        var tails = new Dictionary<string, LogTail>(StringComparer.Ordinal);
        // Logs to look at: the tasks that started and have not settled, and those that settled since the last look (once more).
        var watched = new HashSet<string>(StringComparer.Ordinal);
        // What the events since the last read of the history say of a task: settled or not.
        var settled = new Dictionary<string, bool>(StringComparer.Ordinal);
        Watch(run, task, watched, all: true);
        var sinceNews = Stopwatch.StartNew();
        while (true)
        {
            // Decided before reading, so this read gets the lines written before the end.
            var over = run is null || run.Status != RunStatus.Running;
            // At the end every task's log is read once more (a task that never started has none).
            if (over && run is not null) watched.UnionWith(run.Tasks.Select(t => t.Name).Where(name => task is null || name == task));
            foreach (var name in InPlanOrder(run, watched))
            {
                if (!tails.TryGetValue(name, out var tail)) tails[name] = tail = new LogTail(paths.LogOf(name));
                IReadOnlyList<LogTail.Line> lines;
                while ((lines = tail.ReadNew()).Count > 0) yield return new Lines(name, lines);
                if (settled.TryGetValue(name, out var done) ? done : IsSettled(run, name)) watched.Remove(name);
            }
            if (over)
            {
                yield return new Ended(run);
                yield break;
            }
            await Task.Delay(Poll, cancel).ConfigureAwait(false);
            var (news, ended) = Drain(tap, runId, task, watched, settled);
            if (news) sinceNews.Restart();
            if (ended || sinceNews.Elapsed >= Recheck)
            {
                run = await readRun(runId, cancel).ConfigureAwait(false);
                settled.Clear();
                Watch(run, task, watched, all: false);
                sinceNews.Restart();
            }
        }
    }

    /// <summary>The watched tasks in the order of the run's plan.</summary>
    private static List<string> InPlanOrder(RunSummary? run, HashSet<string> watched) =>
        run is null ? [] : run.Tasks.Select(t => t.Name).Where(watched.Contains).ToList();

    /// <summary>Adds the tasks to look at: every task that started (<paramref name="all"/>: settled ones too, for their lines so far).</summary>
    private static void Watch(RunSummary? run, string? task, HashSet<string> watched, bool all)
    {
        if (run is null) return;
        foreach (var t in run.Tasks)
            if ((task is null || t.Name == task) && t.Status != TaskStatus.Pending && (all || !t.Status.IsSettled()))
                watched.Add(t.Name);
    }

    /// <summary>True when the run history says the task will write no more (so its log was read for the last time).</summary>
    private static bool IsSettled(RunSummary? run, string name) =>
        run is null || run.Status != RunStatus.Running || run.Task(name) is { } state && state.Status.IsSettled();

    /// <summary>
    /// Takes every event the tap holds: a task of the run that starts is watched, one whose attempt
    /// ends is read once more and marked settled (a retry's start watches it again).
    /// Returns whether any event of the run came, and whether one ended the run.
    /// </summary>
    private static (bool News, bool Ended) Drain(RunEventFeed.Subscription tap, string runId, string? task, HashSet<string> watched, Dictionary<string, bool> settled)
    {
        var news = false;
        var ended = false;
        while (tap.Events.TryRead(out var e))
        {
            if (e is not IWithRunId withRun || withRun.RunId != runId) continue;
            news = true;
            var (name, isSettled) = e switch
            {
                RunEvents.TaskStarted started => (started.Task, false),
                RunEvents.TaskSucceeded done => (done.Task, true),
                RunEvents.TaskFailed failed => (failed.Task, true),
                _ => ((string?)null, false),
            };
            ended |= e is RunEvents.RunFinished;
            if (name is null || (task is not null && name != task)) continue;
            watched.Add(name);
            settled[name] = isSettled;
        }
        return (news, ended);
    }
}
