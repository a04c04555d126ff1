using Akka.Actor;
using Pit.Core.Workspace;
using Pit.Engine.Notifications;
using Pit.Engine.Runs;
using Pit.Engine.Scheduling;

namespace Pit.Engine.Actors;

/// <summary>
/// The root of Pit's actors (<c>/user/pit</c>): catalog, scheduler, secrets, task slots, runs and (in the service) projections and retention. It restarts a failed
/// child and never escalates; the scheduler is also started again when it stops (<c>/user/pit/scheduler</c> supervises <c>/user/pit/scheduler/scheduler</c>). Its <see cref="SchedulerOptions"/> say whether cron schedules fire
/// (<c>pit serve</c>) or not (<c>pit run</c>); with <see cref="NotifierOptions"/> (<c>pit serve</c>) a
/// Notifier sends the DAGs' <c>[dag.notify]</c> notifications.
/// </summary>
public sealed class PitGuardianActor : ReceiveActor
{
    public PitGuardianActor(Workspace workspace, RunEnvironment environment, SchedulerOptions schedulerOptions, NotifierOptions? notifierOptions)
    {
        // The service watches the projects for changes; pit run reads them once.
        var catalog = Context.ActorOf(ProjectCatalogActor.Props(workspace, watchFiles: schedulerOptions.FireSchedules), "catalog");
        // The runs resolve secrets through the vault; the vault records each access with its run,
        // addressed by run id through the registry (a sibling, by path).
        var vault = Context.ActorOf(SecretsVaultActor.Props(environment.Secrets, Context.ActorSelection(Self.Path / "runs")), "secrets");
        // Tasks of every run share the workspace's max_active_tasks and pools.
        var slots = Context.ActorOf(TaskSlotsActor.Props(environment.Config.MaxActiveTasks, environment.Config.Pools), "slots");
        var runs = Context.ActorOf(RunRegistryActor.Props(environment with { SecretsVault = vault, TaskSlots = slots }), "runs");
        var scheduler = Context.ActorOf(SchedulerActor.Supervised(
            SchedulerActor.Props(catalog, runs, schedulerOptions, slots).WithDispatcher(Hosting.EngineDefaults.SchedulerDispatcher)), "scheduler");
        if (notifierOptions is not null) Context.ActorOf(NotifierActor.Props(catalog, environment.Secrets, notifierOptions), "notifier");
        // The service keeps the read models up to date as runs go; pit run leaves them to the next reader's catch-up.
        if (schedulerOptions.Persistent) Context.ActorOf(ProjectionsActor.Props(Persistence.ReadModels.ReadModelExtension.For(Context.System)), "projections");
        // The service collects runs older than [retention] runs, as pit gc does.
        if (schedulerOptions.Persistent && environment.Config.Retention is { } retention)
            Context.ActorOf(RetentionActor.Props(Persistence.ReadModels.ReadModelExtension.For(Context.System), environment.Config.RunsDir, retention), "retention");
        Receive<GetChildren>(_ => Sender.Tell(new Children(catalog, scheduler, runs)));
    }

    /// <param name="notifierOptions">How notifications go out; null for none (<c>pit run</c>).</param>
    public static Props Props(Workspace workspace, RunEnvironment environment, SchedulerOptions schedulerOptions, NotifierOptions? notifierOptions = null) =>
        Akka.Actor.Props.Create(() => new PitGuardianActor(workspace, environment, schedulerOptions, notifierOptions));

    public sealed record GetChildren;

    public sealed record Children(IActorRef Catalog, IActorRef Scheduler, IActorRef Runs);

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(_ => Directive.Restart);
}
