using Akka.Actor;
using Pit.Engine.Control;
using Pit.Engine.Persistence;
using Pit.Engine.Persistence.ReadModels;
using Pit.Engine.Protocol;
using Pit.Engine.Runs;
using Pit.Engine.Sdk;

namespace Pit.Engine.Actors;

/// <summary>
/// Parent of the DagRuns: creates one per run id and routes <see cref="IWithRunId"/> messages to
/// it. In cluster mode a shard region takes this place, with the same run-id addressing. It also
/// answers questions about runs from the run history (<see cref="RunRegistryQueries"/>), cancels
/// runs on request, and owns the <c>run</c> control palette.
/// </summary>
public sealed class RunRegistryActor : ReceiveActor
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    private readonly RunEnvironment _environment;

    public RunRegistryActor(RunEnvironment environment)
    {
        _environment = environment;
        Receive<DagRunCommands.StartRun>(start =>
        {
            var run = Context.Child(start.RunId);
            if (run.IsNobody()) run = Context.ActorOf(DagRunActor.Props(start.RunId, environment), start.RunId);
            run.Forward(start);
        });
        Receive<DagRunCommands.ResumeRun>(resume =>
        {
            var run = Context.Child(resume.RunId);
            if (run.IsNobody()) run = Context.ActorOf(DagRunActor.Props(resume.RunId, environment), resume.RunId);
            run.Forward(resume);
        });
        Receive<IWithRunId>(message =>
        {
            var run = Context.Child(message.RunId);
            if (run.IsNobody()) Sender.Tell(new DagRunCommands.RunNotFound(message.RunId));
            else run.Forward(message);
        });
        Receive<RunRegistryQueries.ListRuns>(list => ListAsync(History, list).PipeTo(Sender));
        Receive<RunRegistryQueries.GetRun>(get => FindAsync(History, get.RunId, CancellationToken.None)
            .PipeTo(Sender, success: run => new RunRegistryQueries.FoundRun(get.RunId, run)));
        Receive<RunRegistryCommands.Cancel>(cancel => CancelAsync(History, Context.Child(cancel.RunId), cancel).PipeTo(Sender));
    }

    public static Props Props(RunEnvironment environment) => Akka.Actor.Props.Create(() => new RunRegistryActor(environment));

    /// <summary>The read models, opened when first needed.</summary>
    private RunReadModel History => ReadModelExtension.For(Context.System);

    /// <summary>Registers the <c>run</c> palette and the run ids for completion (again after a restart).</summary>
    protected override void PreStart()
    {
        var system = Context.System;
        var secrets = Redactor.Of(_environment.Secrets, _environment.Config.ApiToken);
        // The palette's reader is its own: Context is not there on the threads commands run on.
        RunHistoryReader? journal = null;
        var palette = new RunPalette(system, Self, _environment.Config.RunsDir, secrets, () => journal ??= new RunHistoryReader(system));
        var palettes = ControlPalettes.For(system);
        palettes.Register(palette.Palette);
        palettes.RegisterValues(ControlValues.Runs, palette.IdsAsync);
    }

    /// <summary>A crashed DagRun restarts and recovers from its journal.</summary>
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(maxNrOfRetries: 10, withinTimeRange: TimeSpan.FromMinutes(1), localOnlyDecider: _ => Directive.Restart);

    private static async Task<RunRegistryQueries.RunList> ListAsync(RunReadModel history, RunRegistryQueries.ListRuns list) =>
        new(await history.ReadAsync(connection => RunQueries.List(connection, list.Dag, list.State, null, list.Limit)));

    /// <summary>The run, or null for one the history does not hold (or an id that is no run id).</summary>
    private static Task<RunSummary?> FindAsync(RunReadModel history, string runId, CancellationToken cancel) =>
        RunIds.TryDagOf(runId, out _) ? history.GetAsync(runId, cancel) : Task.FromResult<RunSummary?>(null);

    /// <summary>
    /// As the API's cancel: a run the history does not hold, or one that ended, is refused; a run
    /// whose DagRun (<paramref name="run"/>, a child of this actor) says it goes on is told to stop;
    /// a run recorded as running that no DagRun here runs is not active.
    /// </summary>
    private static async Task<object> CancelAsync(RunReadModel history, IActorRef run, RunRegistryCommands.Cancel cancel)
    {
        var id = cancel.RunId;
        var recorded = await FindAsync(history, id, CancellationToken.None);
        if (recorded is null) return new RunRegistryCommands.CancelRefused(id, RunRegistryCommands.NotFound, $"no run '{id}' in the run history");
        if (recorded.Status != RunStatus.Running) return Finished(recorded);
        if (!run.IsNobody())
        {
            object reply;
            try
            {
                reply = await run.Ask<object>(new DagRunCommands.GetRunState(id), AskTimeout);
            }
            catch (AskTimeoutException)
            {
                // A run that just finished stops its actor: the question can fall between the two.
                reply = new DagRunCommands.RunNotFound(id);
            }
            if (reply is DagRunState { IsFinished: false })
            {
                run.Tell(new DagRunCommands.CancelRun(id, cancel.Reason));
                return new RunRegistryCommands.Cancelling(id);
            }
        }
        var now = await history.GetAsync(id) ?? recorded;
        if (now.Status != RunStatus.Running) return Finished(now);
        return new RunRegistryCommands.CancelRefused(id, RunRegistryCommands.NotActive,
            $"run '{id}' is recorded as running, but this pit serve is not running it (it was started by another Pit process, or interrupted)");
    }

    private static RunRegistryCommands.CancelRefused Finished(RunSummary run) =>
        new(run.RunId, RunRegistryCommands.RunFinished, $"run '{run.RunId}' already finished ({StatusNames.Of(run.Status)})");
}
