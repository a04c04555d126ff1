using Pit.Core.Dags;
using Pit.Engine.Protocol;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Runs;

/// <summary>
/// The pure rules of a run: which tasks start now, which are skipped or upstream_failed, whether
/// a failed attempt is retried and after how long, and when the run is over. The actor only
/// persists what these return and performs the effects.
/// </summary>
public static class DagRunDecisions
{
    /// <summary>What to do next: settle tasks that can no longer run, and start ready ones.</summary>
    public sealed record Step(IReadOnlyList<IPitEvent> Settle, IReadOnlyList<string> Start);

    /// <summary>
    /// One pass over the run's tasks in order (called after every durable transition, so it stays
    /// linear and allocation-light: no per-task collections or closures).
    /// </summary>
    /// <param name="busy">Tasks launched whose outcome is not in the journal yet: they count as running.</param>
    /// <param name="settling">Tasks whose skip or upstream_failed is being persisted: left alone.</param>
    /// <param name="ended">
    /// Tasks of <paramref name="busy"/> whose process has ended, their outcome on its way to the journal:
    /// they hold no slot (another task may start in it), but their dependents still wait for the outcome.
    /// </param>
    /// <param name="anyOneFailed">
    /// Whether any task of the DAG has the condition <c>one_failed</c>, the only one that settles a task
    /// (skips it) although nothing upstream failed or was skipped. False lets a step that can start no
    /// more tasks end as soon as the run has no failed or skipped task either: nothing could settle.
    /// </param>
    public static Step Next(
        DagRunState state, int maxActiveTasks, IReadOnlySet<string> busy, IReadOnlySet<string> settling,
        Func<string, TaskCondition> conditionOf, DateTimeOffset now, bool anyOneFailed = true, IReadOnlySet<string>? ended = null)
    {
        var settle = new List<IPitEvent>();
        var start = new List<string>();
        if (state.IsFinished) return new Step(settle, start);

        // Statuses decided in this step; settling one task can settle its dependents (a chain of upstream_failed).
        Dictionary<string, TaskStatus>? decided = null;
        var active = state.RunningCount;
        foreach (var name in busy)
            if (StatusOf(state, decided, name) != TaskStatus.Running) active++;
        // Each busy task counts once above, as running or as busy.
        active -= ended?.Count ?? 0;
        // Without a one_failed task and with nothing failed or skipped, a task can only start: once the
        // limit is reached, the rest of the pass could decide nothing.
        var onlyStarts = !anyOneFailed && state.PendingPositions is not null && state.UnsuccessfulCount == 0;
        bool changed;
        do
        {
            changed = false;
            foreach (var name in PendingInOrder(state))
            {
                if (onlyStarts && active >= maxActiveTasks) break;
                var task = state.Tasks[name];
                if (task.Status != TaskStatus.Pending || task.RetryPending) continue;
                if (decided?.ContainsKey(name) == true || busy.Contains(name) || settling.Contains(name) || start.Contains(name)) continue;
                var upstream = Upstream.Of(state, decided, task.DependsOn);
                if (!upstream.AllSettled) continue;

                switch (Evaluate(conditionOf(name), upstream))
                {
                    case Verdict.RunVerdict when active < maxActiveTasks:
                        start.Add(name);
                        active++;
                        break;
                    case Verdict.RunVerdict:
                        break;
                    case Verdict.UpstreamFailedVerdict:
                        settle.Add(new RunEvents.TaskUpstreamFailed(state.RunId, name, upstream.FirstFailed!, now));
                        (decided ??= []).Add(name, TaskStatus.UpstreamFailed);
                        changed = true;
                        break;
                    case Verdict.Skip skip:
                        settle.Add(new RunEvents.TaskSkipped(state.RunId, name, skip.Reason, now));
                        (decided ??= []).Add(name, TaskStatus.Skipped);
                        changed = true;
                        break;
                }
            }
        } while (changed);

        return new Step(settle, start);
    }

    /// <summary>The run's tasks in plan order, only the pending ones where the state keeps track of them.</summary>
    private static IEnumerable<string> PendingInOrder(DagRunState state)
    {
        if (state.PendingPositions is not { } pending) return state.Order;
        return pending.Select(position => state.Order[position]);
    }

    /// <summary>A task's status, counting what this step decided; null for a task not in the run.</summary>
    private static TaskStatus? StatusOf(DagRunState state, Dictionary<string, TaskStatus>? decided, string name) =>
        decided is not null && decided.TryGetValue(name, out var status) ? status
        : state.Tasks.TryGetValue(name, out var task) ? task.Status
        : null;

    /// <summary>What a task's upstream looks like (dependencies outside the run are ignored).</summary>
    private readonly record struct Upstream(bool AllSettled, string? FirstFailed, string? FirstSkipped)
    {
        public static Upstream Of(DagRunState state, Dictionary<string, TaskStatus>? decided, IReadOnlyList<string> dependsOn)
        {
            string? failed = null, skipped = null;
            foreach (var dependency in dependsOn)
            {
                if (StatusOf(state, decided, dependency) is not { } status) continue;
                if (!status.IsSettled()) return new Upstream(false, null, null);
                if (status is TaskStatus.Failed or TaskStatus.UpstreamFailed) failed ??= dependency;
                else if (status == TaskStatus.Skipped) skipped ??= dependency;
            }
            return new Upstream(true, failed, skipped);
        }
    }

    /// <summary>The run's final state once every task is settled and nothing runs, else null.</summary>
    public static RunStatus? Outcome(DagRunState state, IReadOnlySet<string> busy)
    {
        if (state.IsFinished || busy.Count > 0) return null;
        if (state.PendingPositions is { Count: > 0 } || state.RunningCount > 0) return null;
        if (!state.Tasks.Values.All(t => t.Status.IsSettled())) return null;
        return state.Tasks.Values.Any(t => t.Status is TaskStatus.Failed or TaskStatus.UpstreamFailed)
            ? RunStatus.Failed
            : RunStatus.Succeeded;
    }

    /// <summary>
    /// Whether a failed attempt is retried: retries remain and <c>retry_on</c> matches. The delay is
    /// <c>retry_delay × retry_backoff^(attempt-1)</c>, capped by <c>max_retry_delay</c>.
    /// </summary>
    public static TimeSpan? RetryDelay(TaskDefinition task, int attempt, int? exitCode, bool timedOut)
    {
        if (attempt > task.Retries) return null;
        var matches = task.RetryOn.Kind switch
        {
            RetryOnKind.Timeout => timedOut,
            RetryOnKind.ExitCodes => exitCode is { } code && task.RetryOn.ExitCodes.Contains(code),
            _ => true,
        };
        if (!matches) return null;
        var delay = task.RetryDelay * Math.Pow(task.RetryBackoff, attempt - 1);
        return task.MaxRetryDelay is { } max && delay > max ? max : delay;
    }

    private abstract record Verdict
    {
        public static readonly Verdict Run = new RunVerdict();
        public static readonly Verdict UpstreamFailed = new UpstreamFailedVerdict();
        public sealed record RunVerdict : Verdict;
        public sealed record UpstreamFailedVerdict : Verdict;
        public sealed record Skip(string Reason) : Verdict;
    }

    private static Verdict Evaluate(TaskCondition condition, Upstream upstream)
    {
        var anyFailed = upstream.FirstFailed is not null;
        switch (condition)
        {
            case TaskCondition.AllDone:
            case TaskCondition.Always:
                return Verdict.Run;
            case TaskCondition.OneFailed:
                return anyFailed ? Verdict.Run : new Verdict.Skip("no upstream task failed (condition one_failed)");
            default:
                if (anyFailed) return Verdict.UpstreamFailed;
                return upstream.FirstSkipped is not { } skipped ? Verdict.Run : new Verdict.Skip($"upstream task '{skipped}' was skipped");
        }
    }
}
