using Akka.Actor;
using Akka.Event;
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
/// runs on request, prepares reruns (from a run's journal and folder), and owns the <c>run</c> control palette.
/// </summary>
public sealed class RunRegistryActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a live run gets to answer before the journal is read instead.</summary>
    private static readonly TimeSpan LiveAskTimeout = TimeSpan.FromSeconds(1);

    /// <summary>How long after an unexpected stop a run is resumed, doubled for each stop in a row, up to <see cref="MaxResumeDelay"/>.</summary>
    private static readonly TimeSpan ResumeDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxResumeDelay = TimeSpan.FromMinutes(1);

    private readonly RunEnvironment _environment;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>Runs whose end this engine recorded (until their actor's stop is seen).</summary>
    private readonly HashSet<string> _finished = new(StringComparer.Ordinal);

    /// <summary>Runs resumed after an unexpected stop, with how many times in a row.</summary>
    private readonly Dictionary<string, int> _resumes = new(StringComparer.Ordinal);
    private RunHistoryReader? _journal;

    /// <summary>Reads of runs from the journal in flight: the same run asked for again meanwhile shares the read.</summary>
    private readonly Dictionary<string, Task<RunSummary?>> _reading = new(StringComparer.Ordinal);

    public RunRegistryActor(RunEnvironment environment)
    {
        _environment = environment;
        Receive<DagRunCommands.StartRun>(start =>
        {
            RunOf(start.RunId).Forward(start);
        });
        Receive<DagRunCommands.ResumeRun>(resume =>
        {
            RunOf(resume.RunId).Forward(resume);
        });
        Receive<RunEvents.RunFinished>(finished =>
        {
            _finished.Add(finished.RunId);
            _resumes.Remove(finished.RunId);
        });
        Receive<Terminated>(Stopped);
        Receive<ResumeCheck>(ResumeIfUnfinished);
        Receive<ReadDone>(done =>
        {
            if (_reading.TryGetValue(done.RunId, out var reading) && reading == done.Read) _reading.Remove(done.RunId);
        });
        Receive<IWithRunId>(message =>
        {
            var run = Context.Child(message.RunId);
            if (run.IsNobody()) Sender.Tell(new DagRunCommands.RunNotFound(message.RunId));
            else run.Forward(message);
        });
        Receive<RunRegistryQueries.ListRuns>(list => ListAsync(History, list).PipeTo(Sender));
        Receive<RunRegistryQueries.GetRun>(get =>
        {
            // A run this engine runs is asked, not read back: many viewers of a big run starting at
            // once (run tail) would otherwise each catch the read models up and read it.
            var live = Context.Child(get.RunId);
            var found = live.IsNobody() ? ReadOnce(get.RunId) : AskLiveAsync(History, live, get.RunId);
            found.PipeTo(Sender, success: run => new RunRegistryQueries.FoundRun(get.RunId, run));
        });
        Receive<RunRegistryCommands.Cancel>(cancel => CancelAsync(History, Context.Child(cancel.RunId), cancel).PipeTo(Sender));
        Receive<RunRegistryQueries.PrepareRerun>(prepare => RerunLoader.LoadAsync(Journal, environment.Config.RunsDir, prepare.Order).PipeTo(Sender));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(RunEnvironment environment) => Akka.Actor.Props.Create(() => new RunRegistryActor(environment));

    /// <summary>The read models, opened when first needed.</summary>
    private RunReadModel History => ReadModelExtension.For(Context.System);

    /// <summary>The journal's read side, for what the read models do not hold (a rerun's source run, made when first needed).</summary>
    private RunHistoryReader Journal => _journal ??= new RunHistoryReader(Context.System);

    /// <summary>Registers the <c>run</c> palette and the run ids for completion (again after a restart).</summary>
    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(RunEvents.RunFinished));
        var system = Context.System;
        var secrets = Redactor.Of(_environment.Secrets, _environment.Config.ApiToken);
        // The palette's reader is its own: Context is not there on the threads commands run on.
        RunHistoryReader? journal = null;
        // The Scheduler (a sibling, by path) starts reruns.
        var scheduler = Context.ActorSelection(Self.Path.Parent / "scheduler");
        var palette = new RunPalette(system, Self, _environment.Config.RunsDir, secrets, () => journal ??= new RunHistoryReader(system), scheduler);
        var palettes = ControlPalettes.For(system);
        palettes.Register(palette.Palette);
        palettes.RegisterValues(ControlValues.Runs, palette.IdsAsync);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    /// <summary>The run's actor, made (and watched) when it has none.</summary>
    private IActorRef RunOf(string runId)
    {
        var run = Context.Child(runId);
        if (!run.IsNobody()) return run;
        run = Context.ActorOf(DagRunActor.Props(runId, _environment), runId);
        Context.Watch(run);
        return run;
    }

    /// <summary>
    /// A DagRun stops itself once its run ended. One that stops before (its journal refused or timed
    /// out a write, which stops a persistent actor rather than failing it) would leave its run
    /// recorded as running for ever: it is resumed from its journal after a short while, unless its
    /// end is seen meanwhile (the end's event and the stop can arrive in either order).
    /// </summary>
    private void Stopped(Terminated terminated)
    {
        var runId = terminated.ActorRef.Path.Name;
        if (_finished.Remove(runId)) return;
        var stops = _resumes.GetValueOrDefault(runId);
        var delay = TimeSpan.FromTicks(Math.Min(MaxResumeDelay.Ticks, ResumeDelay.Ticks << Math.Min(stops, 10)));
        Timers.StartSingleTimer("resume-" + runId, new ResumeCheck(runId), delay);
    }

    private void ResumeIfUnfinished(ResumeCheck check)
    {
        if (_finished.Remove(check.RunId) || !Context.Child(check.RunId).IsNobody()) return;
        _resumes[check.RunId] = _resumes.GetValueOrDefault(check.RunId) + 1;
        _log.Warning("Runs: run {0} stopped before it finished; resuming it from its journal (time {1})", check.RunId, _resumes[check.RunId]);
        RunOf(check.RunId).Tell(new DagRunCommands.ResumeRun(check.RunId));
    }

    private sealed record ResumeCheck(string RunId);

    /// <summary>A crashed DagRun restarts and recovers from its journal.</summary>
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(maxNrOfRetries: 10, withinTimeRange: TimeSpan.FromMinutes(1), localOnlyDecider: _ => Directive.Restart);

    private static async Task<RunRegistryQueries.RunList> ListAsync(RunReadModel history, RunRegistryQueries.ListRuns list) =>
        new(await history.ReadAsync(connection => RunQueries.List(connection, list.Dag, list.State, null, list.Limit)));

    /// <summary>The run read from the read models, shared by everyone who asks for it while the read lasts.</summary>
    private Task<RunSummary?> ReadOnce(string runId)
    {
        if (_reading.TryGetValue(runId, out var reading)) return reading;
        var read = FindAsync(History, runId, CancellationToken.None);
        _reading[runId] = read;
        var self = Self;
        read.ContinueWith(_ => self.Tell(new ReadDone(runId, read)), TaskScheduler.Default);
        return read;
    }

    private sealed record ReadDone(string RunId, Task<RunSummary?> Read);

    /// <summary>
    /// The live run's state. A run that has just ended may have stopped between the question and
    /// the answer (the question then goes unanswered): after <see cref="LiveAskTimeout"/>, or when the
    /// run has not been created yet, the read models' record.
    /// </summary>
    private static async Task<RunSummary?> AskLiveAsync(RunReadModel history, IActorRef run, string runId)
    {
        try
        {
            if (await run.Ask<object>(new DagRunCommands.GetRunState(runId), LiveAskTimeout).ConfigureAwait(false) is DagRunState { CreatedAt: not null } state)
                return RunHistory.SummaryOf(state);
        }
        catch (AskTimeoutException)
        {
            // Stopped between the two: its end is recorded.
        }
        return await FindAsync(history, runId, CancellationToken.None).ConfigureAwait(false);
    }

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
