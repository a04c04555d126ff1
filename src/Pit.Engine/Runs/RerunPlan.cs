using Pit.Engine.Protocol;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Runs;

/// <summary>
/// Which tasks a rerun runs again, decided from the ended run's state alone. Every task of the
/// ended run's plan is in the rerun's plan; the selected ones run, every other one is reused: it
/// keeps how it ended (a success stays <c>success</c> and counts as one for its dependents; a task
/// that never ran is <c>skipped</c>). The task named by <c>--from</c> or <c>--task</c> runs
/// whatever its upstream did (it waits for none); every other selected task waits for its
/// dependencies as before.
/// </summary>
public static class RerunPlan
{
    /// <param name="Refused">Why there is no rerun; then the lists are empty.</param>
    public sealed record Outcome(
        IReadOnlyList<RunEvents.PlannedTask> Plan,
        IReadOnlyList<RunEvents.ReusedTask> Reused,
        IReadOnlyList<RunEvents.ContextSet> Context,
        SchedulerCommands.TriggerRejected? Refused = null);

    /// <param name="original">The ended run, folded from its journal.</param>
    /// <param name="context">The context keys tasks of that run set, in order: the reused tasks' keys carry over.</param>
    public static Outcome Make(DagRunState original, RerunOrder order, IReadOnlyList<RunEvents.ContextSet> context)
    {
        var id = original.RunId;
        if (!original.Created) return Refuse(SchedulerCommands.RejectionKind.UnknownRun, $"no run '{id}' in the run history");
        if (order.Task is { } named && !original.Tasks.ContainsKey(named))
            return Refuse(SchedulerCommands.RejectionKind.UnknownTask,
                $"run '{id}' has no task '{named}'; its tasks: {string.Join(", ", original.Order)}", [.. original.Order]);
        if (!original.IsFinished)
            return Refuse(SchedulerCommands.RejectionKind.RunActive,
                $"run '{id}' is still running; a run can be rerun once it has ended (`pit cancel {id}` stops it)");

        var selected = Select(original, order);
        if (selected.Count == 0)
            return Refuse(SchedulerCommands.RejectionKind.NotRerunnable,
                $"every task of run '{id}' succeeded: --failed has nothing to rerun (without a flag, pit rerun runs every task again)");

        var plan = new List<RunEvents.PlannedTask>();
        var reused = new List<RunEvents.ReusedTask>();
        foreach (var task in original.InOrder)
        {
            var runsWhateverUpstreamDid = order.Mode is RerunMode.From or RerunMode.Task && task.Name == order.Task;
            plan.Add(new RunEvents.PlannedTask(task.Name, runsWhateverUpstreamDid ? [] : task.DependsOn));
            if (selected.Contains(task.Name)) continue;
            reused.Add(task.Status.IsSettled()
                ? new RunEvents.ReusedTask(task.Name, task.Status, task.ExitCode, task.Status == TaskStatus.Success ? null : task.Reason)
                : new RunEvents.ReusedTask(task.Name, TaskStatus.Skipped, null, $"did not run in run {id}, and was not rerun"));
        }
        var kept = reused.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        return new Outcome(plan, reused, context.Where(set => kept.Contains(set.Task)).ToList());
    }

    /// <summary>The tasks that run again.</summary>
    private static HashSet<string> Select(DagRunState original, RerunOrder order)
    {
        switch (order.Mode)
        {
            case RerunMode.Task:
                return new HashSet<string>([order.Task!], StringComparer.Ordinal);
            case RerunMode.From:
                return WithDependents(original, [order.Task!]);
            case RerunMode.Failed:
                return WithDependents(original, original.InOrder.Where(t => t.Status != TaskStatus.Success).Select(t => t.Name));
            default:
                return new HashSet<string>(original.Order, StringComparer.Ordinal);
        }
    }

    /// <summary><paramref name="roots"/> and every task downstream of one of them.</summary>
    private static HashSet<string> WithDependents(DagRunState original, IEnumerable<string> roots)
    {
        var selected = new HashSet<string>(roots, StringComparer.Ordinal);
        bool grew;
        do
        {
            grew = false;
            foreach (var task in original.InOrder)
                if (!selected.Contains(task.Name) && task.DependsOn.Any(selected.Contains)) grew |= selected.Add(task.Name);
        } while (grew);
        return selected;
    }

    private static Outcome Refuse(SchedulerCommands.RejectionKind kind, string reason, IReadOnlyList<string>? known = null) =>
        new([], [], [], new SchedulerCommands.TriggerRejected(kind, reason, known ?? []));
}
