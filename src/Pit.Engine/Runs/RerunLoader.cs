using Pit.Core.Dags;
using Pit.Core.Validation;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;

namespace Pit.Engine.Runs;

/// <summary>
/// Prepares a rerun: reads the ended run from its journal, plans the rerun (<see cref="RerunPlan"/>),
/// and checks that the run's snapshot (<c>runs/&lt;id&gt;/project</c>) is still there to run from.
/// A data folder that <c>keep_artifacts</c> removed is no error: the rerun starts with an empty one.
/// </summary>
public static class RerunLoader
{
    /// <returns><see cref="RunRegistryQueries.RerunPrepared"/>, or <see cref="SchedulerCommands.TriggerRejected"/> saying why not.</returns>
    public static async Task<object> LoadAsync(RunHistoryReader history, string runsDir, RerunOrder order, CancellationToken cancel = default)
    {
        var id = order.RunId;
        if (order.Problem() is { } problem) return Refuse(SchedulerCommands.RejectionKind.NotRerunnable, problem);
        if (!RunIds.TryDagOf(id, out _)) return Refuse(SchedulerCommands.RejectionKind.UnknownRun, $"no run '{id}' in the run history");

        var state = DagRunState.Empty(id);
        var context = new List<RunEvents.ContextSet>();
        await foreach (var envelope in history.EventsOf(id).WithCancellation(cancel))
        {
            if (envelope.Event is not IPitEvent e) continue;
            state = state.Apply(e);
            if (e is RunEvents.ContextSet set) context.Add(set);
        }
        var plan = RerunPlan.Make(state, order, context);
        if (plan.Refused is { } refused) return refused;

        var paths = RunPaths.Of(runsDir, id);
        if (!File.Exists(Path.Combine(paths.Project, PitTomlReader.FileName)))
            return Refuse(SchedulerCommands.RejectionKind.NotRerunnable,
                $"run '{id}' cannot be rerun: its snapshot {paths.Project} was deleted (the DAG's keep_artifacts does not keep \"project\")");
        var errors = new ConfigErrorList();
        var source = PitTomlReader.Read(paths.Project, errors);
        if (source is null)
            return Refuse(SchedulerCommands.RejectionKind.NotRerunnable,
                $"run '{id}' cannot be rerun: the pit.toml of its snapshot does not read: {string.Join("; ", errors.Items)}");
        // The snapshot folder is called "project": the DAG's name comes from the journal.
        var dag = source.Dag with { Name = state.Dag };
        return new RunRegistryQueries.RerunPrepared(new Rerun(order, dag, plan.Plan, plan.Reused, plan.Context,
            state.SnapshotHash ?? "", paths.Data, state.Parameters, state.LogicalTime));
    }

    private static SchedulerCommands.TriggerRejected Refuse(SchedulerCommands.RejectionKind kind, string reason) => new(kind, reason, []);
}
