using Akka.Actor;
using Pit.Core.Dags;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;

namespace Pit.Engine.Actors;

/// <summary>
/// Turns triggers into runs: looks the DAG up in the catalog, plans the tasks, names the run and
/// asks the RunRegistry to start it. Manual triggers today; cron, webhooks and the rest build on it.
/// </summary>
public sealed class SchedulerActor : ReceiveActor
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    public SchedulerActor(IActorRef catalog, IActorRef runs)
    {
        ReceiveAsync<SchedulerCommands.TriggerRun>(async trigger =>
        {
            var requester = Sender;
            var lookup = await catalog.Ask<CatalogQueries.DagLookup>(new CatalogQueries.GetDag(trigger.Dag), AskTimeout);
            if (Reject(trigger, lookup) is { } rejected)
            {
                requester.Tell(rejected);
                return;
            }
            var dag = lookup.Dag!;
            var runId = RunIds.New(dag.Name, Context.System.Scheduler.Now);
            var start = new DagRunCommands.StartRun(runId, dag, Plan(dag, trigger.Task), trigger.Trigger, trigger.Parameters);
            var reply = await runs.Ask(start, AskTimeout);
            requester.Tell(reply switch
            {
                DagRunCommands.RunStarted => new SchedulerCommands.TriggerAccepted(runId, dag.Name),
                DagRunCommands.RunNotStarted failed => new SchedulerCommands.TriggerRejected(SchedulerCommands.RejectionKind.NotStarted, failed.Reason, []),
                _ => new SchedulerCommands.TriggerRejected(SchedulerCommands.RejectionKind.NotStarted, $"unexpected reply {reply}", []),
            });
        });
    }

    public static Props Props(IActorRef catalog, IActorRef runs) => Akka.Actor.Props.Create(() => new SchedulerActor(catalog, runs));

    private static SchedulerCommands.TriggerRejected? Reject(SchedulerCommands.TriggerRun trigger, CatalogQueries.DagLookup lookup)
    {
        if (lookup.Dag is null && lookup.Errors.Count == 0)
            return new(SchedulerCommands.RejectionKind.UnknownDag, $"unknown DAG '{trigger.Dag}'", lookup.KnownDags);
        if (lookup.Dag is null)
            return new(SchedulerCommands.RejectionKind.InvalidProject, $"DAG '{trigger.Dag}' is invalid:\n" + string.Join("\n", lookup.Errors), []);
        if (trigger.Task is { } task && lookup.Dag.FindTask(task) is null)
            return new(SchedulerCommands.RejectionKind.UnknownTask, $"DAG '{trigger.Dag}' has no task '{task}'", lookup.Dag.Tasks.Select(t => t.Name).ToList());
        if (lookup.Dag.IsGitBacked)
            return new(SchedulerCommands.RejectionKind.NotStarted, $"DAG '{trigger.Dag}' takes its sources from git ({lookup.Dag.GitUrl}); git-backed projects cannot run in this version of Pit yet", []);
        return null;
    }

    /// <summary>The whole DAG with its dependencies, or one task on its own.</summary>
    private static IReadOnlyList<RunEvents.PlannedTask> Plan(DagDefinition dag, string? task) =>
        task is null
            ? dag.Tasks.Select(t => new RunEvents.PlannedTask(t.Name, t.DependsOn.Distinct().ToList())).ToList()
            : [new RunEvents.PlannedTask(task, [])];
}
