using System.Globalization;
using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using Akka.Persistence;
using Pit.Core.Dags;
using Pit.Engine.Persistence;
using Pit.Engine.Persistence.ReadModels;
using Pit.Engine.Protocol;
using Pit.Engine.Scheduling;

namespace Pit.Engine.Actors;

/// <summary>
/// Turns triggers into runs: looks the DAG up in the catalog, applies the DAG's overlap policy
/// against its active runs (skip, queue or allow), plans the tasks, names the run and asks the
/// RunRegistry to start it. With <see cref="SchedulerOptions.FireSchedules"/> (<c>pit serve</c>) it
/// also fires each valid DAG's cron schedule in the DAG's time zone, and re-arms them when the
/// catalog reloads; <c>pit run</c> triggers by hand only. A run is active from its
/// <c>RunStarted</c> until its <c>RunFinished</c> on the event stream. The catalog and the registry
/// are asked without suspending the mailbox; a DAG counts as busy from the moment its start is
/// asked for, so two triggers never both pass a <c>skip</c>.
/// <para>
/// With <see cref="SchedulerOptions.Persistent"/> (the service) it is a persistent actor
/// (persistenceId <c>scheduler</c>): each schedule's last fire, paused DAGs, queued triggers and
/// refused triggers are events (<see cref="SchedulerEvents"/>), with a snapshot every
/// <see cref="SchedulerOptions.SnapshotEvery"/> events. On start it resumes unfinished runs first, then catches up
/// missed occurrences (the DAG's <c>catchup</c>) and puts the queued triggers back in line.
/// </para>
/// </summary>
public sealed class SchedulerActor : ReceivePersistentActor, IWithTimers
{
    /// <summary>The Scheduler's persistenceId: one Scheduler per workspace.</summary>
    public const string Id = "scheduler";

    private const string NoSnapshotStore = "akka.persistence.no-snapshot-store";

    /// <summary>Akka's in-memory journal: where a Scheduler that remembers nothing "recovers" from, at once, without waiting for the database.</summary>
    private const string MemoryJournal = "akka.persistence.journal.inmem";
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ListingRetry = TimeSpan.FromSeconds(5);
    private const string ListingTimer = "list-again";
    private static readonly IReadOnlyDictionary<string, string> NoParameters = new Dictionary<string, string>();

    private readonly IActorRef _catalog;
    private readonly IActorRef _runs;
    private readonly IActorRef? _slots;
    private readonly SchedulerOptions _options;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly DagActivity _activity = new();
    private SchedulerState _state = SchedulerState.Empty;
    // Durable events on their way to the journal, with what to tell their requesters if one is not stored.
    private readonly Dictionary<IPitEvent, Action<Exception>> _storing = new(ReferenceEqualityComparer.Instance);
    private SchedulerLag _lag = SchedulerLag.None;
    private ArmedSchedules? _schedules;
    // From the run history at start: the latest occurrence each DAG's cron (or catch-up) runs were for.
    private IReadOnlyDictionary<string, DateTimeOffset> _firedByHistory = new Dictionary<string, DateTimeOffset>();
    // The valid DAGs of the catalog's latest listing, which the schedules fire for.
    private Dictionary<string, DagDefinition> _listed = new(StringComparer.Ordinal);
    private IReadOnlyList<string> _listedNames = [];
    // Catch-up and the queued triggers' return happen once, at the first listing of the catalog.
    private bool _caughtUp;

    /// <summary>The read models, opened when first needed: only the service's checks read them.</summary>
    private RunReadModel ReadModel => ReadModelExtension.For(Context.System);

    // Catalog answers can come back out of order; triggers are decided in the order they came.
    private readonly object _incarnation = new();
    private readonly SortedDictionary<long, LookedUp> _lookedUp = [];
    private long _lookupsAsked;
    private long _lookupsDecided;
    private bool _stopped;

    /// <summary>The service's first listing of the DAGs has been armed (or failed): until then, questions about schedules wait.</summary>
    private bool _listedOnce;

    /// <param name="slots">The TaskSlots actor, which <c>scheduler show</c> asks for the pools; null for none.</param>
    public SchedulerActor(IActorRef catalog, IActorRef runs, SchedulerOptions options, IActorRef? slots = null)
    {
        _catalog = catalog;
        _runs = runs;
        _slots = slots;
        _options = options;
        if (!options.Persistent)
        {
            SnapshotPluginId = NoSnapshotStore;
            JournalPluginId = MemoryJournal;
        }

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is SchedulerEvents.SchedulerSnapshot snapshot) _state = _state.Apply(snapshot);
        });
        Recover<IPitEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => Begin());

        Command<UnfinishedRuns>(unfinished =>
        {
            ResumeAll(unfinished);
            Become(Ready);
            Stash.UnstashAll();
            if (_options.FireSchedules) ListSchedules();
        });
        CommandAny(_ => Stash.Stash());
    }

    public static Props Props(IActorRef catalog, IActorRef runs, SchedulerOptions options, IActorRef? slots = null) =>
        Akka.Actor.Props.Create(() => new SchedulerActor(catalog, runs, options, slots));

    /// <summary>How long after it stopped the scheduler starts again, doubled for each stop in a row, up to <see cref="MaxRestartDelay"/>.</summary>
    private static readonly TimeSpan RestartDelay = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <paramref name="scheduler"/> under a supervisor that starts it again whenever it stops. Akka stops a
    /// persistent actor whose event the journal could not write (the database locked past the journal's
    /// timeout, say); the new one recovers from the journal. Everyone holds the supervisor's address,
    /// which forwards to the scheduler of the moment (<c>…/scheduler/scheduler</c>).
    /// </summary>
    public static Props Supervised(Props scheduler) =>
        BackoffSupervisor.Props(Backoff.OnStop(scheduler, "scheduler", RestartDelay, MaxRestartDelay, randomFactor: 0.2, maxNrOfRetries: -1));

    public override string PersistenceId => Id;

    /// <summary><c>pit run</c>'s Scheduler remembers nothing: it reads no journal and writes none.</summary>
    public override Recovery Recovery => _options.Persistent ? Recovery.Default : Recovery.None;

    public ITimerScheduler Timers { get; set; } = null!;

    private ArmedSchedules Schedules => _schedules ??= new ArmedSchedules(Timers, Self, _options.PreciseTimers);

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(RunEvents.RunFinished));
        Context.System.EventStream.Subscribe(Self, typeof(CatalogCommands.Reloaded));
        RegisterPalettes();
        base.PreStart();
    }

    /// <summary>The <c>dag</c> and <c>scheduler</c> control palettes, and the DAG names for completion; their commands are messages to this actor.</summary>
    private void RegisterPalettes()
    {
        var system = Context.System;
        var self = Self;
        // Context is not there on the threads commands run on: the palette gets the read models from the system.
        var palettes = Control.ControlPalettes.For(system);
        palettes.Register(Control.DagPalette.For(self, () => ReadModelExtension.For(system),
            Control.DagBackfill.Command(system, _catalog, self, _options.MaxActiveRuns)));
        palettes.Register(Control.SchedulerPalette.For(self, _slots));
        palettes.RegisterValues(Control.ControlValues.Dags, cancel => Control.DagPalette.NamesAsync(self, cancel));
    }

    protected override void PostStop()
    {
        _schedules?.Dispose();
        Context.System.EventStream.Unsubscribe(Self);
        base.PostStop();
    }

    /// <summary>After recovery: the service first wakes unfinished runs (triggers wait meanwhile, so overlap holds), then arms the schedules.</summary>
    private void Begin()
    {
        if (_options.ResumeUnfinished)
        {
            FindUnfinishedRuns();
            return;
        }
        Become(Ready);
        Stash.UnstashAll();
        if (_options.FireSchedules) ListSchedules();
    }

    private void Ready()
    {
        // A question asked the moment the service starts gets the armed schedules, not empty ones.
        Command<object>(_ => Stash.Stash(), question => _options.FireSchedules && !_listedOnce
            && question is SchedulerQueries.GetDags or SchedulerQueries.GetOverview or SchedulerQueries.GetNextFires);
        Command<SchedulerCommands.TriggerRun>(trigger => LookUp(new Trigger(trigger, Sender, trigger.LogicalTime)));
        Command<SchedulerCommands.Rerun>(rerun => LookUp(new Trigger(
            new SchedulerCommands.TriggerRun(RunIds.TryDagOf(rerun.Order.RunId, out var dag) ? dag : rerun.Order.RunId, null, TriggerNames.Rerun, NoParameters),
            Sender, null) { Rerun = rerun.Order }));
        Command<RerunRestored>(Restored);
        Command<LookedUp>(InOrder);
        Command<StartReplied>(Started);
        Command<RunEvents.RunFinished>(finished =>
        {
            if (_activity.End(finished.RunId) is { } dag) Drain(dag);
        });

        Command<SchedulesListed>(listed =>
        {
            ArmAll(listed.List);
            AnswerWaitingQuestions();
        });
        Command<ListingFailed>(failed =>
        {
            AnswerWaitingQuestions();
            _log.Error("Scheduler: the project catalog did not list the DAGs ({0}); asking again in {1}", failed.Error.Message, ListingRetry);
            Timers.StartSingleTimer(ListingTimer, new ListAgain(), ListingRetry);
        });
        Command<ListAgain>(_ => ListSchedules());
        Command<CatalogCommands.Reloaded>(_ =>
        {
            if (_options.FireSchedules && !_stopped) ListSchedules();
        });
        Command<ArmedSchedules.Due>(Fire);

        Command<SchedulerCommands.PauseDag>(pause => AskPause(pause.Dag, paused: true));
        Command<SchedulerCommands.ResumeDag>(resume => AskPause(resume.Dag, paused: false));
        Command<PauseLookedUp>(Pause);

        Command<SchedulerQueries.GetDags>(_ =>
        {
            var requester = Sender;
            _catalog.Ask<CatalogQueries.DagList>(new CatalogQueries.ListDags(), AskTimeout).PipeTo(Self,
                success: list => new DagsToDescribe(requester, list),
                failure: error => new DescribeFailed(requester, error));
        });
        Command<DagsToDescribe>(describe => describe.Requester.Tell(Describe(describe.List)));
        Command<DescribeFailed>(failed => failed.Requester.Tell(new Status.Failure(failed.Error)));
        Command<SchedulerQueries.GetActiveRuns>(_ => Sender.Tell(new SchedulerQueries.ActiveRuns(_activity.AllRunning)));
        Command<SchedulerQueries.GetOverview>(_ => Sender.Tell(Overview()));
        Command<SchedulerQueries.GetNextFires>(get =>
        {
            var requester = Sender;
            _catalog.Ask<CatalogQueries.DagLookup>(new CatalogQueries.GetDag(get.Dag), AskTimeout).PipeTo(Self,
                success: lookup => new NextFiresLookedUp(requester, get, lookup, null),
                failure: error => new NextFiresLookedUp(requester, get, null, error));
        });
        Command<NextFiresLookedUp>(NextFires);
        Command<SchedulerCommands.StopTriggers>(_ => StopTriggers());
        Command<DagRunCommands.RunResumed>(Resumed);

        Command<SaveSnapshotSuccess>(saved => DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failed => _log.Warning("Scheduler: could not save a snapshot of its state ({0}); its journal is replayed in full at the next start", failed.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failed => _log.Warning("Scheduler: could not delete old snapshots: {0}", failed.Cause.Message));
    }

    // ── What the Scheduler records ──────────────────────────────────────────────────────────────

    /// <summary>
    /// Applies <paramref name="evt"/> and, in the service, persists it. With <paramref name="durable"/>
    /// <paramref name="then"/> runs once the event is stored (a queued trigger is answered only then);
    /// otherwise at once, while the event is written in the background (a cron fire does not wait for the disk).
    /// </summary>
    private void Record<TEvent>(TEvent evt, bool durable = false, Action? then = null, Action<Exception>? notStored = null) where TEvent : IPitEvent
    {
        if (!_options.Persistent)
        {
            _state = _state.Apply(evt);
            then?.Invoke();
            return;
        }
        if (durable)
        {
            if (notStored is not null) _storing[evt] = notStored;
            Persist(evt, stored =>
            {
                _storing.Remove(stored);
                _state = _state.Apply(stored);
                SnapshotWhenDue();
                then?.Invoke();
            });
            return;
        }
        _state = _state.Apply(evt);
        PersistAsync(evt, _ => SnapshotWhenDue());
        then?.Invoke();
    }

    /// <summary>
    /// An event the journal could not write: Akka stops the scheduler after this (its supervisor,
    /// <see cref="Supervised"/>, starts it again from the journal), so everyone still waiting for a durable event hears why now.
    /// </summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        base.OnPersistFailure(cause, @event, sequenceNr);
        foreach (var notStored in _storing.Values) notStored(cause);
        _storing.Clear();
    }

    /// <summary>An event the journal refused (the scheduler goes on): its requester hears why.</summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        base.OnPersistRejected(cause, @event, sequenceNr);
        if (@event is IPitEvent evt && _storing.Remove(evt, out var notStored)) notStored(cause);
    }

    private void SnapshotWhenDue()
    {
        if (LastSequenceNr % _options.SnapshotEvery == 0) SaveSnapshot(_state.ToSnapshot());
    }

    // ── Runs a stopped or crashed service left unfinished ─────────────────────────────────────────

    /// <summary>
    /// Every run the journal shows without a terminal event, to wake so it carries on (the service
    /// only; <c>pit run</c> leaves other runs alone), and the latest occurrence each DAG's
    /// scheduled runs were for (a fire whose event was not written before a crash still counts).
    /// </summary>
    private void FindUnfinishedRuns()
    {
        var log = _log;
        // From the read models (caught up first), not a replay of the whole journal.
        ReadModel.ReadAsync(connection => new UnfinishedRuns(
                RunQueries.List(connection, null, StatusNames.Of(RunStatus.Running), null, int.MaxValue, withTasks: false),
                RunQueries.LatestLogicalTimes(connection))).PipeTo(Self,
            success: unfinished => unfinished,
            failure: error =>
            {
                log.Error("Scheduler: could not read the run history to resume unfinished runs: {0}", error.Message);
                return new UnfinishedRuns([], new Dictionary<string, DateTimeOffset>());
            });
    }

    private void ResumeAll(UnfinishedRuns unfinished)
    {
        _firedByHistory = unfinished.LatestLogicalTimes;
        foreach (var run in unfinished.Runs)
        {
            // Busy from now, so overlap holds while the run wakes up.
            _activity.Starting(run.Dag, run.RunId);
            _runs.Ask<DagRunCommands.RunResumed>(new DagRunCommands.ResumeRun(run.RunId), AskTimeout).PipeTo(Self,
                failure: error => new DagRunCommands.RunResumed(run.RunId, run.Dag, Finished: true));
        }
    }

    private void Resumed(DagRunCommands.RunResumed resumed)
    {
        if (resumed.Finished)
        {
            if (_activity.End(resumed.RunId) is { } dag) Drain(dag);
            return;
        }
        _activity.Started(resumed.RunId);
        _log.Warning("Scheduler: run {0} of {1} was unfinished when the scheduler started; it goes on", resumed.RunId, resumed.Dag);
    }

    // ── Triggers ────────────────────────────────────────────────────────────────────────────────

    private void LookUp(Trigger trigger)
    {
        if (_stopped)
        {
            Refuse(trigger, ShuttingDown());
            return;
        }
        var sequence = _lookupsAsked++;
        if (trigger.Rerun is { } order)
        {
            var incarnation = _incarnation;
            PrepareRerunAsync(order).PipeTo(Self,
                success: prepared => prepared is { } rerun
                    ? new LookedUp(incarnation, sequence, trigger, new CatalogQueries.DagLookup(rerun.Dag.Name, rerun.Dag, [], []), null) { Rerun = rerun }
                    : new LookedUp(incarnation, sequence, trigger, null, null),
                failure: error => error is RerunRefused refused
                    ? new LookedUp(incarnation, sequence, trigger, null, null) { Refused = refused.Rejection }
                    : new LookedUp(incarnation, sequence, trigger, null, error));
            return;
        }
        // A schedule fires for a DAG of the latest listing (re-listed on every reload): decided at
        // once, without a round trip to the catalog, unless its requirements need the history.
        if (trigger.LogicalTime is not null && _listed.TryGetValue(trigger.Request.Dag, out var listed)
            && !(_options.CheckRequirements && listed.Requires.Count > 0))
        {
            InOrder(new LookedUp(_incarnation, sequence, trigger, new CatalogQueries.DagLookup(listed.Name, listed, [], _listedNames), null));
            return;
        }
        // The reader is taken here, on the actor's thread: Context is not there after an await.
        LookUpAsync(trigger.Request.Dag, _options.CheckRequirements ? ReadModel : null).PipeTo(Self,
            success: found => new LookedUp(_incarnation, sequence, trigger, found.Lookup, null) { Unmet = found.Unmet },
            failure: error => new LookedUp(_incarnation, sequence, trigger, null, error));
    }

    /// <summary>
    /// A rerun runs from the snapshot of the run it reruns, not from the catalog's DAG: the registry
    /// plans it. Only the DAG's overlap policy, which is about the runs going on now, is the catalog's
    /// when the catalog still has the DAG. A refusal comes back as <see cref="RerunRefused"/>.
    /// </summary>
    private async Task<Runs.Rerun> PrepareRerunAsync(RerunOrder order)
    {
        var reply = await _runs.Ask<object>(new RunRegistryQueries.PrepareRerun(order), AskTimeout).ConfigureAwait(false);
        if (reply is not RunRegistryQueries.RerunPrepared prepared)
            throw new RerunRefused(reply as SchedulerCommands.TriggerRejected ?? NotPrepared(reply));
        var rerun = prepared.Rerun;
        var current = await _catalog.Ask<CatalogQueries.DagLookup>(new CatalogQueries.GetDag(rerun.Dag.Name), AskTimeout).ConfigureAwait(false);
        return current.Dag is { } dag ? rerun with { Dag = rerun.Dag with { Overlap = dag.Overlap } } : rerun;
    }

    private sealed class RerunRefused(SchedulerCommands.TriggerRejected rejection) : Exception(rejection.Reason)
    {
        public SchedulerCommands.TriggerRejected Rejection { get; } = rejection;
    }

    /// <summary>The DAG from the catalog and, when requirements are checked and it has some, why they do not hold (null when they do).</summary>
    private async Task<(CatalogQueries.DagLookup Lookup, string? Unmet)> LookUpAsync(string name, RunReadModel? model)
    {
        var lookup = await _catalog.Ask<CatalogQueries.DagLookup>(new CatalogQueries.GetDag(name), AskTimeout).ConfigureAwait(false);
        if (model is null || lookup.Dag is not { Requires.Count: > 0 } dag) return (lookup, null);
        var runs = await model.ReadAsync(connection => dag.Requires.Select(r => r.Dag).Distinct(StringComparer.Ordinal).ToDictionary(
            required => required,
            required => (IReadOnlyList<RunSummary>)RunQueries.List(connection, required, null, null, int.MaxValue, withTasks: false),
            StringComparer.Ordinal)).ConfigureAwait(false);
        return (lookup, RequirementCheck.Unmet(dag, required => runs[required], DateTimeOffset.UtcNow));
    }

    private void InOrder(LookedUp looked)
    {
        if (looked.Incarnation != _incarnation)
        {
            // Asked before a restart: its place in line is gone, decide it now.
            Decide(looked);
            return;
        }
        _lookedUp[looked.Sequence] = looked;
        while (_lookedUp.Remove(_lookupsDecided, out var next))
        {
            _lookupsDecided++;
            Decide(next);
        }
    }

    /// <summary>Everything between the lookup and the start happens in this one message, so the DAG's activity cannot change in between.</summary>
    private void Decide(LookedUp looked)
    {
        var trigger = looked.Trigger;
        if (_stopped)
        {
            Refuse(trigger, ShuttingDown());
            return;
        }
        if (looked.Refused is { } refused)
        {
            Refuse(trigger, refused);
            return;
        }
        if (looked.Lookup is not { } lookup)
        {
            var asked = trigger.Rerun is null ? "the project catalog" : "the run registry";
            Refuse(trigger, new(SchedulerCommands.RejectionKind.NotStarted, $"{asked} did not answer: {looked.Error?.Message}", []));
            return;
        }
        if (Reject(trigger.Request, lookup) is { } rejected)
        {
            Refuse(trigger, rejected);
            return;
        }
        if (looked.Unmet is { } unmet)
        {
            _log.Warning("Scheduler: {0} trigger of {1} not started: {2}", trigger.Request.Trigger, trigger.Request.Dag, unmet);
            Refuse(trigger, new(SchedulerCommands.RejectionKind.RequirementsUnmet, unmet, []));
            return;
        }
        var dag = lookup.Dag!;
        var request = looked.Rerun is { } rerun
            ? new RunRequest(dag, null, trigger.Request.Trigger, rerun.Parameters, rerun.LogicalTime) { Rerun = rerun }
            : new RunRequest(dag, trigger.Request.Task, trigger.Request.Trigger, trigger.Request.Parameters, trigger.LogicalTime) { CatchUp = trigger.CatchUp };
        if (!_activity.IsBusy(dag.Name) || request.Overlap == OverlapPolicy.Allow)
        {
            StartOrWait(request, trigger.Requester);
            return;
        }
        var active = _activity.OldestRun(dag.Name);
        if (request.Overlap == OverlapPolicy.Skip)
        {
            var reason = $"{dag.Name} has an active run ({active}); overlap = skip drops this trigger";
            _log.Info("Scheduler: {0} trigger refused: {1}", trigger.Request.Trigger, reason);
            Refuse(trigger, new(SchedulerCommands.RejectionKind.Overlap, reason, []));
            return;
        }
        var queued = request with { QueueId = NewQueueId() };
        var position = _activity.Enqueue(queued, _options.MaxQueued);
        if (position == 0)
        {
            Refuse(trigger, new(SchedulerCommands.RejectionKind.Overlap,
                $"{dag.Name} has an active run ({active}) and its queue is full ({_options.MaxQueued} triggers waiting); overlap = queue drops this trigger", []));
            return;
        }
        _log.Info("Scheduler: {0} trigger of {1} queued behind {2} (position {3})", request.Trigger, dag.Name, active, position);
        RecordQueued(queued, forSlot: false, trigger.Requester, position);
    }

    /// <summary>Names the run, marks the DAG busy at once, and asks the registry to start it.</summary>
    private void Start(RunRequest request, IActorRef requester)
    {
        var runId = RunIds.New(request.Dag.Name, Now);
        _activity.Starting(request.Dag.Name, runId);
        if (request.QueueId is { } queueId) Record(new SchedulerEvents.QueuedTriggerLeft(queueId, runId, null, Now));
        var start = new DagRunCommands.StartRun(runId, request.Dag, request.Rerun?.Plan ?? Plan(request.Dag, request.Task), request.Trigger, request.Parameters,
            request.LogicalTime, request.Rerun);
        _runs.Ask(start, AskTimeout).PipeTo(Self,
            success: reply => new StartReplied(runId, request, requester, reply),
            failure: error => new StartReplied(runId, request, requester, new DagRunCommands.RunNotStarted(runId, $"the run registry did not answer: {error.Message}")));
    }

    private void Started(StartReplied replied)
    {
        var dag = replied.Request.Dag.Name;
        if (replied.Reply is DagRunCommands.RunStarted)
        {
            // A run that finished before this reply came back is already out of the activity; it stays out.
            _activity.Started(replied.RunId);
            _log.Info("Scheduler: {0} trigger of {1} started run {2}", replied.Request.Trigger, dag, replied.RunId);
            Reply(replied.Requester, new SchedulerCommands.TriggerAccepted(replied.RunId, dag));
            return;
        }
        _activity.End(replied.RunId);
        var reason = replied.Reply is DagRunCommands.RunNotStarted notStarted ? notStarted.Reason : $"unexpected reply {replied.Reply}";
        Refuse(replied.Requester, replied.Request.Trigger, dag, new(SchedulerCommands.RejectionKind.NotStarted, reason, []), replied.Request.LogicalTime);
        Drain(dag);
    }

    private bool AtCapacity => _options.MaxActiveRuns is { } max && _activity.ActiveCount >= max;

    /// <summary>Starts the run, or, with <c>max_active_runs</c> runs active, puts the trigger in line for a slot.</summary>
    private void StartOrWait(RunRequest request, IActorRef requester)
    {
        if (!AtCapacity)
        {
            Start(request, requester);
            return;
        }
        var waiting = request with { QueueId = NewQueueId() };
        var position = _activity.Wait(waiting, _options.MaxQueued);
        if (position == 0)
        {
            Refuse(requester, request.Trigger, request.Dag.Name, new(SchedulerCommands.RejectionKind.NotStarted,
                $"max_active_runs ({_options.MaxActiveRuns}) runs are active and {_options.MaxQueued} triggers already wait for a slot", []), request.LogicalTime);
            return;
        }
        _log.Info("Scheduler: {0} trigger of {1} waits for a run slot (max_active_runs {2}; position {3})", request.Trigger, request.Dag.Name, _options.MaxActiveRuns, position);
        RecordQueued(waiting, forSlot: true, requester, position);
    }

    /// <summary>Records the trigger's place in line and, once that is stored, tells the requester it is queued.</summary>
    private void RecordQueued(RunRequest request, bool forSlot, IActorRef requester, int position)
    {
        var queued = new SchedulerEvents.TriggerQueued(request.QueueId!, request.Dag.Name, request.Task, request.Trigger,
            request.Parameters, forSlot, Now, request.LogicalTime, request.Rerun?.Order);
        Record(queued, durable: true, then: () => Reply(requester, new SchedulerCommands.TriggerQueued(request.Dag.Name, position)),
            notStored: error => Reply(requester, new SchedulerCommands.TriggerRejected(SchedulerCommands.RejectionKind.NotStarted,
                $"the trigger of {request.Dag.Name} could not be queued: the run history did not store it ({error.GetBaseException().Message})", [])));
    }

    private static string NewQueueId() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// A run ended (or never started): the ended DAG's queued trigger first, then triggers waiting
    /// for a run slot, each decided again against its DAG's overlap, then other DAGs' queues, while slots are free.
    /// </summary>
    private void Drain(string dag)
    {
        if (_stopped) return;
        StartNextQueued(dag);
        while (!AtCapacity && _activity.NextWaiting() is { } waiting)
        {
            var name = waiting.Dag.Name;
            var queued = waiting.Overlap == OverlapPolicy.Queue && _activity.IsBusy(name) && _activity.Enqueue(waiting, _options.MaxQueued) > 0;
            if (!_activity.IsBusy(name) || waiting.Overlap == OverlapPolicy.Allow) Start(waiting, ActorRefs.Nobody);
            else if (!queued)
            {
                var reason = $"{name} has an active run after the trigger waited for a run slot (overlap = {waiting.Overlap.ToString().ToLowerInvariant()})";
                _log.Info("Scheduler: {0} trigger of {1} dropped: {2}", waiting.Trigger, name, reason);
                Record(new SchedulerEvents.QueuedTriggerLeft(waiting.QueueId!, null, reason, Now));
                Record(new SchedulerEvents.TriggerRefused(name, waiting.Trigger, KindName(SchedulerCommands.RejectionKind.Overlap), reason, Now, waiting.LogicalTime));
            }
        }
        foreach (var idle in _activity.IdleWithQueue)
        {
            if (AtCapacity) break;
            StartNextQueued(idle);
        }
    }

    /// <summary>When the DAG has no active run left (and a run slot is free), its oldest queued trigger starts, as it was triggered.</summary>
    private void StartNextQueued(string dag)
    {
        if (_stopped || AtCapacity || _activity.IsBusy(dag) || _activity.Dequeue(dag) is not { } next) return;
        _log.Info("Scheduler: starting the queued {0} trigger of {1} ({2} still queued)", next.Trigger, dag, _activity.QueuedOf(dag));
        Start(next, ActorRefs.Nobody);
    }

    /// <summary>From now on nothing fires and nothing starts; queued triggers stay recorded and wait for the next start.</summary>
    private void StopTriggers()
    {
        _stopped = true;
        Timers.CancelAll();
        Schedules.DisarmAll();
        var kept = _activity.DropQueued();
        _log.Info("Scheduler: triggers stopped; {0} queued trigger(s) {1}", kept, _options.Persistent ? "wait for the next start" : "dropped");
        Sender.Tell(new SchedulerCommands.TriggersStopped());
    }

    private static SchedulerCommands.TriggerRejected ShuttingDown() =>
        new(SchedulerCommands.RejectionKind.ShuttingDown, "Pit is shutting down and starts no new runs", []);

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

    private void Refuse(Trigger trigger, SchedulerCommands.TriggerRejected rejection) =>
        Refuse(trigger.Requester, trigger.Request.Trigger, trigger.Request.Dag, rejection, trigger.LogicalTime);

    /// <summary>
    /// Tells the requester; a trigger nobody waits for (cron, a queued one) is logged instead. A
    /// trigger refused for overlap, unmet requirements or a full line is recorded.
    /// </summary>
    private void Refuse(IActorRef requester, string trigger, string dag, SchedulerCommands.TriggerRejected rejection, DateTimeOffset? logicalTime = null)
    {
        if (rejection.Kind is SchedulerCommands.RejectionKind.Overlap or SchedulerCommands.RejectionKind.RequirementsUnmet or SchedulerCommands.RejectionKind.NotStarted)
            Record(new SchedulerEvents.TriggerRefused(dag, trigger, KindName(rejection.Kind), rejection.Reason, Now, logicalTime));
        if (requester.IsNobody()) _log.Warning("Scheduler: {0} trigger of {1} not started ({2}): {3}", trigger, dag, rejection.Kind, rejection.Reason);
        else requester.Tell(rejection);
    }

    private static string KindName(SchedulerCommands.RejectionKind kind)
    {
        var name = kind.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static void Reply(IActorRef requester, object message)
    {
        if (!requester.IsNobody()) requester.Tell(message);
    }

    private void AnswerWaitingQuestions()
    {
        if (_listedOnce) return;
        _listedOnce = true;
        Stash.UnstashAll();
    }

    // ── Cron ────────────────────────────────────────────────────────────────────────────────────

    private void ListSchedules() =>
        _catalog.Ask<CatalogQueries.DagList>(new CatalogQueries.ListDags(), AskTimeout).PipeTo(Self,
            success: list => new SchedulesListed(list),
            failure: error => new ListingFailed(error));

    /// <summary>
    /// Arms each valid DAG's schedule; after a reload, a DAG whose schedule and zone did not change
    /// keeps its timer, a changed one is re-armed, a gone one disarmed. The first time, it also
    /// catches up missed occurrences and puts the recorded queued triggers back in line.
    /// </summary>
    private void ArmAll(CatalogQueries.DagList list)
    {
        if (_stopped) return;
        foreach (var invalid in list.InvalidProjects)
            _log.Warning("Scheduler: project {0} is invalid; its schedule does not fire", invalid);
        var now = Now;
        _listed = list.Dags.ToDictionary(d => d.Name, StringComparer.Ordinal);
        _listedNames = [.. _listed.Keys];
        var scheduled = list.Dags.Where(d => d.Schedule is not null).ToDictionary(d => d.Name, StringComparer.Ordinal);
        foreach (var gone in Schedules.Dags.Where(dag => !scheduled.ContainsKey(dag)).ToList())
        {
            Schedules.Disarm(gone);
            _log.Info("Scheduler: {0} no longer has a schedule", gone);
        }
        foreach (var dag in scheduled.Values)
        {
            var schedule = dag.Schedule!;
            if (Schedules.IsArmedWith(dag.Name, schedule, dag.TimeZone)) continue;
            if (!Schedules.Arm(dag.Name, schedule, dag.TimeZone, CronFireTimes.First(schedule, dag.TimeZone, now), now))
                _log.Warning("Scheduler: the schedule \"{0}\" of {1} has no further occurrence", schedule, dag.Name);
        }
        _log.Info("Scheduler: {0} cron schedule(s) armed", Schedules.Count);
        if (_caughtUp) return;
        _caughtUp = true;
        CatchUp(scheduled.Values, now);
        RestoreQueued(list);
    }

    /// <summary>Fires a due occurrence as a parameter-less <c>cron</c> trigger, after arming the next one; a paused DAG's occurrence passes.</summary>
    private void Fire(ArmedSchedules.Due due)
    {
        if (_stopped || Schedules.Current(due) is not { } armed) return;
        var now = Now;
        if (now < due.Occurrence)
        {
            Schedules.Arm(due.Dag, armed.Schedule, armed.Zone, due.Occurrence, now);
            return;
        }
        var (next, missed) = CronFireTimes.AfterFire(armed.Schedule, armed.Zone, due.Occurrence, now);
        if (!Schedules.Arm(due.Dag, armed.Schedule, armed.Zone, next, now))
            _log.Warning("Scheduler: the schedule \"{0}\" of {1} has no further occurrence", armed.Schedule, due.Dag);
        if (_state.IsPaused(due.Dag)) return;
        _lag = _lag.Add(now - due.Occurrence);
        _log.Info("Scheduler: cron fires {0} for {1} ({2} ms late)", due.Dag,
            due.Occurrence.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture), (long)(now - due.Occurrence).TotalMilliseconds);
        if (missed > 0)
            _log.Warning("Scheduler: {0} occurrence(s) of {1} passed while its fire was late; only the latest fires", missed, due.Dag);
        FireOccurrence(due.Dag, due.Occurrence, TriggerNames.Cron, catchUp: false);
    }

    private void FireOccurrence(string dag, DateTimeOffset occurrence, string trigger, bool catchUp)
    {
        Record(new SchedulerEvents.OccurrenceFired(dag, occurrence, Now));
        LookUp(new Trigger(new SchedulerCommands.TriggerRun(dag, null, trigger, NoParameters), ActorRefs.Nobody, occurrence) { CatchUp = catchUp });
    }

    /// <summary>
    /// The occurrences each schedule missed while Pit was down, since its last fire (or its resume):
    /// fired as <c>catchup</c> triggers by the DAG's <c>catchup</c> policy. A DAG that never fired
    /// (a new one, or a first start) has nothing to catch up; a paused one neither.
    /// </summary>
    private void CatchUp(IEnumerable<DagDefinition> dags, DateTimeOffset now)
    {
        foreach (var dag in dags)
        {
            DateTimeOffset? byHistory = _firedByHistory.TryGetValue(dag.Name, out var ran) ? ran : null;
            if (_state.IsPaused(dag.Name) || Latest(_state.LastFire(dag.Name), byHistory) is not { } lastFire) continue;
            var since = Latest(lastFire, _state.ResumedAt(dag.Name))!.Value;
            var (fire, skipped) = CatchupPlan.Missed(dag.Schedule!, dag.TimeZone, dag.Catchup, dag.CatchupWindow, since, now, _options.MaxQueued);
            var policy = dag.Catchup.ToString().ToLowerInvariant();
            if (skipped > 0)
                _log.Warning("Scheduler: {0} occurrence(s) of {1} passed while Pit was down and do not run (catchup = {2})", skipped, dag.Name, policy);
            if (fire.Count > 0)
                _log.Warning("Scheduler: catching up {0} missed occurrence(s) of {1} (catchup = {2}), from {3}", fire.Count, dag.Name, policy,
                    fire[0].ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture));
            foreach (var occurrence in fire) FireOccurrence(dag.Name, occurrence, TriggerNames.CatchUp, catchUp: true);
        }
    }

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a > b ? a : b);

    /// <summary>The triggers recorded in line when Pit stopped go back in line, in their order; each starts when its DAG (and a run slot) is free.</summary>
    private void RestoreQueued(CatalogQueries.DagList list)
    {
        if (_state.Queued.Count == 0) return;
        var dags = list.Dags.ToDictionary(d => d.Name, StringComparer.Ordinal);
        foreach (var queued in _state.Queued)
        {
            if (queued.Rerun is { } order)
            {
                // A rerun runs from its run's snapshot: planned again, then back in line.
                _runs.Ask<object>(new RunRegistryQueries.PrepareRerun(order), AskTimeout).PipeTo(Self,
                    success: reply => new RerunRestored(queued, reply),
                    failure: error => new RerunRestored(queued, NotPrepared(error.Message)));
                continue;
            }
            if (!dags.TryGetValue(queued.Dag, out var dag))
            {
                var reason = $"DAG '{queued.Dag}' is no longer valid or no longer exists";
                _log.Warning("Scheduler: a queued {0} trigger is dropped: {1}", queued.Trigger, reason);
                Record(new SchedulerEvents.QueuedTriggerLeft(queued.Id, null, reason, Now));
                continue;
            }
            var request = new RunRequest(dag, queued.Task, queued.Trigger, queued.Parameters, queued.LogicalTime) { QueueId = queued.Id };
            if (queued.ForSlot) _activity.Wait(request, int.MaxValue);
            else _activity.Enqueue(request, int.MaxValue);
        }
        _log.Info("Scheduler: {0} queued trigger(s) are back in line", _state.Queued.Count);
        foreach (var dag in _state.Queued.Select(q => q.Dag).Distinct().ToList()) Drain(dag);
    }

    /// <summary>A queued rerun, planned again after a restart: back in line, or dropped when it can no longer be planned.</summary>
    private void Restored(RerunRestored restored)
    {
        var queued = restored.Queued;
        if (_stopped) return;
        if (restored.Reply is not RunRegistryQueries.RerunPrepared prepared)
        {
            var reason = (restored.Reply as SchedulerCommands.TriggerRejected ?? NotPrepared(restored.Reply)).Reason;
            _log.Warning("Scheduler: a queued rerun of {0} is dropped: {1}", queued.Rerun!.RunId, reason);
            Record(new SchedulerEvents.QueuedTriggerLeft(queued.Id, null, reason, Now));
            return;
        }
        var rerun = prepared.Rerun;
        if (_listed.TryGetValue(rerun.Dag.Name, out var current)) rerun = rerun with { Dag = rerun.Dag with { Overlap = current.Overlap } };
        var request = new RunRequest(rerun.Dag, null, queued.Trigger, rerun.Parameters, rerun.LogicalTime) { QueueId = queued.Id, Rerun = rerun };
        if (queued.ForSlot) _activity.Wait(request, int.MaxValue);
        else _activity.Enqueue(request, int.MaxValue);
        Drain(rerun.Dag.Name);
    }

    private static SchedulerCommands.TriggerRejected NotPrepared(object? reply) =>
        new(SchedulerCommands.RejectionKind.NotStarted, $"the run registry could not plan the rerun: {reply}", []);

    // ── Pause and resume ────────────────────────────────────────────────────────────────────────

    private void AskPause(string dag, bool paused)
    {
        var requester = Sender;
        _catalog.Ask<CatalogQueries.DagLookup>(new CatalogQueries.GetDag(dag), AskTimeout).PipeTo(Self,
            success: lookup => new PauseLookedUp(requester, dag, paused, lookup, null),
            failure: error => new PauseLookedUp(requester, dag, paused, null, error));
    }

    /// <summary>Records the pause (or resume) of a DAG the catalog knows, valid or not; a resumed schedule fires from its next occurrence on.</summary>
    private void Pause(PauseLookedUp looked)
    {
        if (looked.Lookup is not { } lookup)
        {
            looked.Requester.Tell(new SchedulerCommands.TriggerRejected(SchedulerCommands.RejectionKind.NotStarted, $"the project catalog did not answer: {looked.Error?.Message}", []));
            return;
        }
        if (lookup.Dag is null && lookup.Errors.Count == 0)
        {
            looked.Requester.Tell(new SchedulerCommands.TriggerRejected(SchedulerCommands.RejectionKind.UnknownDag, $"unknown DAG '{looked.Dag}'", lookup.KnownDags));
            return;
        }
        if (_state.IsPaused(looked.Dag) == looked.Paused)
        {
            looked.Requester.Tell(new SchedulerCommands.PauseChanged(looked.Dag, looked.Paused, Changed: false));
            return;
        }
        IPitEvent change = looked.Paused ? new SchedulerEvents.DagPaused(looked.Dag, Now) : new SchedulerEvents.DagResumed(looked.Dag, Now);
        Record(change, durable: true, then: () =>
        {
            _log.Info("Scheduler: {0} {1}", looked.Dag, looked.Paused ? "paused: its schedule does not fire" : "resumed: its schedule fires again");
            looked.Requester.Tell(new SchedulerCommands.PauseChanged(looked.Dag, looked.Paused, Changed: true));
        }, notStored: error => looked.Requester.Tell(new Status.Failure(new InvalidOperationException(
            $"{looked.Dag} was not {(looked.Paused ? "paused" : "resumed")}: the run history did not store it ({error.GetBaseException().Message})", error))));
    }

    // ── Queries ─────────────────────────────────────────────────────────────────────────────────

    private SchedulerQueries.DagSchedules Describe(CatalogQueries.DagList list) => new(
        list.Dags.Select(dag => new SchedulerQueries.DagSchedule(
            dag.Name,
            dag.Schedule?.Text,
            dag.Schedule is null ? dag.Timezone : dag.TimeZone.Id,
            Schedules.NextOf(dag.Name)?.ToUniversalTime(),
            dag.Overlap,
            _activity.RunningOf(dag.Name),
            _activity.QueuedOf(dag.Name),
            _state.IsPaused(dag.Name))).ToList(),
        list.InvalidProjects)
    {
        ReloadErrors = list.ReloadErrors,
        Lag = _lag,
    };

    private SchedulerQueries.Overview Overview() => new(
        _state.Paused.Keys.Order(StringComparer.Ordinal).ToList(),
        Schedules.Dags.Order(StringComparer.Ordinal)
            .Select(dag => new SchedulerQueries.ArmedTimer(dag, Schedules.NextOf(dag)!.Value.ToUniversalTime())).ToList(),
        _activity.Queues.Select(queue => new SchedulerQueries.QueuedTriggers(queue.Dag, queue.Queued)).ToList(),
        _activity.AllRunning.Count);

    /// <summary>The DAG's next occurrences: from its armed timer when it has one for this schedule, else from now.</summary>
    private void NextFires(NextFiresLookedUp looked)
    {
        var name = looked.Query.Dag;
        if (looked.Lookup is not { } lookup)
        {
            looked.Requester.Tell(new SchedulerCommands.TriggerRejected(SchedulerCommands.RejectionKind.NotStarted, $"the project catalog did not answer: {looked.Error?.Message}", []));
            return;
        }
        if (lookup.Dag is not { } dag)
        {
            looked.Requester.Tell(lookup.Errors.Count == 0
                ? new SchedulerCommands.TriggerRejected(SchedulerCommands.RejectionKind.UnknownDag, $"unknown DAG '{name}'", lookup.KnownDags)
                : new SchedulerCommands.TriggerRejected(SchedulerCommands.RejectionKind.InvalidProject, $"DAG '{name}' is invalid:\n" + string.Join("\n", lookup.Errors), []));
            return;
        }
        IReadOnlyList<DateTimeOffset> next = [];
        if (dag.Schedule is { } schedule)
        {
            var armed = Schedules.IsArmedWith(dag.Name, schedule, dag.TimeZone) ? Schedules.NextOf(dag.Name) : null;
            next = CronFireTimes.Upcoming(schedule, dag.TimeZone, armed, Now, looked.Query.Count).Select(at => at.ToUniversalTime()).ToList();
        }
        looked.Requester.Tell(new SchedulerQueries.NextFires(dag.Name, dag.Schedule?.Text, dag.Schedule is null ? dag.Timezone : dag.TimeZone.Id,
            _state.IsPaused(dag.Name), next));
    }

    /// <summary>A trigger on its way: who waits for the answer (nobody for cron), and, for cron and catch-up, the occurrence.</summary>
    private sealed record Trigger(SchedulerCommands.TriggerRun Request, IActorRef Requester, DateTimeOffset? LogicalTime)
    {
        public bool CatchUp { get; init; }

        /// <summary>A rerun of an ended run: planned by the run registry, not looked up in the catalog.</summary>
        public RerunOrder? Rerun { get; init; }
    }

    /// <summary>The catalog's answer (or <paramref name="Error"/>) for the trigger this actor instance asked <paramref name="Sequence"/>-th.</summary>
    private sealed record LookedUp(object Incarnation, long Sequence, Trigger Trigger, CatalogQueries.DagLookup? Lookup, Exception? Error)
    {
        /// <summary>Why the DAG's requirements do not hold; null when they do or are not checked.</summary>
        public string? Unmet { get; init; }

        /// <summary>The planned rerun (its <see cref="Lookup"/> holds the DAG of its snapshot).</summary>
        public Runs.Rerun? Rerun { get; init; }

        /// <summary>Why the rerun cannot be.</summary>
        public SchedulerCommands.TriggerRejected? Refused { get; init; }
    }

    private sealed record RerunRestored(SchedulerEvents.TriggerQueued Queued, object Reply);

    private sealed record StartReplied(string RunId, RunRequest Request, IActorRef Requester, object Reply);

    private sealed record SchedulesListed(CatalogQueries.DagList List);

    private sealed record ListingFailed(Exception Error);

    private sealed record ListAgain;

    private sealed record UnfinishedRuns(IReadOnlyList<RunSummary> Runs, IReadOnlyDictionary<string, DateTimeOffset> LatestLogicalTimes);

    private sealed record PauseLookedUp(IActorRef Requester, string Dag, bool Paused, CatalogQueries.DagLookup? Lookup, Exception? Error);

    private sealed record NextFiresLookedUp(IActorRef Requester, SchedulerQueries.GetNextFires Query, CatalogQueries.DagLookup? Lookup, Exception? Error);

    private sealed record DagsToDescribe(IActorRef Requester, CatalogQueries.DagList List);

    private sealed record DescribeFailed(IActorRef Requester, Exception Error);
}
