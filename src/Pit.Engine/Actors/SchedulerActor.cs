using System.Globalization;
using Akka.Actor;
using Akka.Event;
using Pit.Core.Dags;
using Pit.Core.Time;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;
using Pit.Engine.Scheduling;

namespace Pit.Engine.Actors;

/// <summary>
/// Turns triggers into runs: looks the DAG up in the catalog, applies the DAG's overlap policy
/// against its active runs (skip, queue or allow), plans the tasks, names the run and asks the
/// RunRegistry to start it. With <see cref="SchedulerOptions.FireSchedules"/> (<c>pit serve</c>) it
/// also fires each valid DAG's cron schedule in the DAG's time zone; <c>pit run</c> triggers by
/// hand only. A run is active from its <c>RunStarted</c> until its <c>RunFinished</c> on the event
/// stream. The catalog and the registry are asked without suspending the mailbox; a DAG counts as
/// busy from the moment its start is asked for, so two triggers never both pass a <c>skip</c>.
/// Not persistent yet: timers, active runs and queued triggers live in memory and a restart
/// re-arms the schedules from the catalog; persisting them (and catch-up) is a later step.
/// </summary>
public sealed class SchedulerActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A longer wait is cut into waits of this, each checked against the wall clock (clock changes, a suspended machine).</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan ListingRetry = TimeSpan.FromSeconds(5);
    private const string ListingTimer = "list-again";
    private static readonly IReadOnlyDictionary<string, string> NoParameters = new Dictionary<string, string>();

    private readonly IActorRef _catalog;
    private readonly IActorRef _runs;
    private readonly SchedulerOptions _options;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly DagActivity _activity = new();
    private RunHistoryReader? _historyReader;

    /// <summary>Made when first needed: it needs the journal, which only the service's checks read.</summary>
    private RunHistoryReader History => _historyReader ??= new RunHistoryReader(Context.System);
    private readonly Dictionary<string, ArmedSchedule> _armed = new(StringComparer.Ordinal);
    // Catalog answers can come back out of order; triggers are decided in the order they came.
    private readonly object _incarnation = new();
    private readonly SortedDictionary<long, LookedUp> _lookedUp = [];
    private long _lookupsAsked;
    private long _lookupsDecided;
    private bool _stopped;

    public SchedulerActor(IActorRef catalog, IActorRef runs, SchedulerOptions options)
    {
        _catalog = catalog;
        _runs = runs;
        _options = options;

        Receive<SchedulerCommands.TriggerRun>(trigger => LookUp(new Trigger(trigger, Sender, null)));
        Receive<LookedUp>(InOrder);
        Receive<StartReplied>(Started);
        Receive<RunEvents.RunFinished>(finished =>
        {
            if (_activity.End(finished.RunId) is { } dag) Drain(dag);
        });

        Receive<SchedulesListed>(listed => ArmAll(listed.List));
        Receive<ListingFailed>(failed =>
        {
            _log.Error("Scheduler: the project catalog did not list the DAGs ({0}); asking again in {1}", failed.Error.Message, ListingRetry);
            Timers.StartSingleTimer(ListingTimer, new ListAgain(), ListingRetry);
        });
        Receive<ListAgain>(_ => ListSchedules());
        Receive<CronTimer>(Fire);

        Receive<SchedulerQueries.GetDags>(_ =>
        {
            var requester = Sender;
            _catalog.Ask<CatalogQueries.DagList>(new CatalogQueries.ListDags(), AskTimeout).PipeTo(Self,
                success: list => new DagsToDescribe(requester, list),
                failure: error => new DescribeFailed(requester, error));
        });
        Receive<DagsToDescribe>(describe => describe.Requester.Tell(Describe(describe.List)));
        Receive<DescribeFailed>(failed => failed.Requester.Tell(new Status.Failure(failed.Error)));
        Receive<SchedulerQueries.GetActiveRuns>(_ => Sender.Tell(new SchedulerQueries.ActiveRuns(_activity.AllRunning)));
        Receive<SchedulerCommands.StopTriggers>(_ => StopTriggers());
        Receive<UnfinishedRuns>(ResumeAll);
        Receive<DagRunCommands.RunResumed>(Resumed);
    }

    public static Props Props(IActorRef catalog, IActorRef runs, SchedulerOptions options) =>
        Akka.Actor.Props.Create(() => new SchedulerActor(catalog, runs, options));

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(RunEvents.RunFinished));
        if (_options.ResumeUnfinished) FindUnfinishedRuns();
        if (_options.FireSchedules) ListSchedules();
    }

    // ── Runs a stopped or crashed service left unfinished ─────────────────────────────────────────

    /// <summary>Every run the journal shows without a terminal event: each is woken to carry on (the service only; <c>pit run</c> leaves other runs alone).</summary>
    private void FindUnfinishedRuns()
    {
        var log = _log;
        History.LoadAsync().PipeTo(Self,
            success: history => new UnfinishedRuns(history.All().Where(run => run.Status == RunStatus.Running).ToList()),
            failure: error =>
            {
                log.Error("Scheduler: could not read the run history to resume unfinished runs: {0}", error.Message);
                return new UnfinishedRuns([]);
            });
    }

    private void ResumeAll(UnfinishedRuns unfinished)
    {
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
        _log.Warning("Scheduler: resumed run {0} of {1}, left unfinished by a Pit that stopped", resumed.RunId, resumed.Dag);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    // ── Triggers ────────────────────────────────────────────────────────────────────────────────

    private void LookUp(Trigger trigger)
    {
        if (_stopped)
        {
            Refuse(trigger, ShuttingDown());
            return;
        }
        var sequence = _lookupsAsked++;
        // The reader is taken here, on the actor's thread: Context is not there after an await.
        LookUpAsync(trigger.Request.Dag, _options.CheckRequirements ? History : null).PipeTo(Self,
            success: found => new LookedUp(_incarnation, sequence, trigger, found.Lookup, null) { Unmet = found.Unmet },
            failure: error => new LookedUp(_incarnation, sequence, trigger, null, error));
    }

    /// <summary>The DAG from the catalog and, when requirements are checked and it has some, why they do not hold (null when they do).</summary>
    private async Task<(CatalogQueries.DagLookup Lookup, string? Unmet)> LookUpAsync(string name, RunHistoryReader? reader)
    {
        var lookup = await _catalog.Ask<CatalogQueries.DagLookup>(new CatalogQueries.GetDag(name), AskTimeout).ConfigureAwait(false);
        if (reader is null || lookup.Dag is not { Requires.Count: > 0 } dag) return (lookup, null);
        var history = await reader.LoadAsync().ConfigureAwait(false);
        return (lookup, RequirementCheck.Unmet(dag, history, DateTimeOffset.UtcNow));
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
        if (looked.Lookup is not { } lookup)
        {
            Refuse(trigger, new(SchedulerCommands.RejectionKind.NotStarted, $"the project catalog did not answer: {looked.Error?.Message}", []));
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
        var request = new RunRequest(dag, trigger.Request.Task, trigger.Request.Trigger, trigger.Request.Parameters, trigger.LogicalTime);
        if (!_activity.IsBusy(dag.Name) || dag.Overlap == OverlapPolicy.Allow)
        {
            StartOrWait(request, trigger.Requester);
            return;
        }
        var active = _activity.OldestRun(dag.Name);
        if (dag.Overlap == OverlapPolicy.Skip)
        {
            var reason = $"{dag.Name} has an active run ({active}); overlap = skip drops this trigger";
            _log.Info("Scheduler: {0} trigger refused: {1}", trigger.Request.Trigger, reason);
            Reply(trigger.Requester, new SchedulerCommands.TriggerRejected(SchedulerCommands.RejectionKind.Overlap, reason, []));
            return;
        }
        var position = _activity.Enqueue(request, _options.MaxQueued);
        if (position == 0)
        {
            Refuse(trigger, new(SchedulerCommands.RejectionKind.Overlap,
                $"{dag.Name} has an active run ({active}) and its queue is full ({_options.MaxQueued} triggers waiting); overlap = queue drops this trigger", []));
            return;
        }
        _log.Info("Scheduler: {0} trigger of {1} queued behind {2} (position {3})", request.Trigger, dag.Name, active, position);
        Reply(trigger.Requester, new SchedulerCommands.TriggerQueued(dag.Name, position));
    }

    /// <summary>Names the run, marks the DAG busy at once, and asks the registry to start it.</summary>
    private void Start(RunRequest request, IActorRef requester)
    {
        var runId = RunIds.New(request.Dag.Name, Now);
        _activity.Starting(request.Dag.Name, runId);
        var start = new DagRunCommands.StartRun(runId, request.Dag, Plan(request.Dag, request.Task), request.Trigger, request.Parameters, request.LogicalTime);
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
        Refuse(replied.Requester, replied.Request.Trigger, dag, new(SchedulerCommands.RejectionKind.NotStarted, reason, []));
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
        var position = _activity.Wait(request, _options.MaxQueued);
        if (position == 0)
        {
            Reply(requester, new SchedulerCommands.TriggerRejected(SchedulerCommands.RejectionKind.NotStarted,
                $"max_active_runs ({_options.MaxActiveRuns}) runs are active and {_options.MaxQueued} triggers already wait for a slot", []));
            return;
        }
        _log.Info("Scheduler: {0} trigger of {1} waits for a run slot (max_active_runs {2}; position {3})", request.Trigger, request.Dag.Name, _options.MaxActiveRuns, position);
        Reply(requester, new SchedulerCommands.TriggerQueued(request.Dag.Name, position));
    }

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
            var queued = waiting.Dag.Overlap == OverlapPolicy.Queue && _activity.IsBusy(name) && _activity.Enqueue(waiting, _options.MaxQueued) > 0;
            if (!_activity.IsBusy(name) || waiting.Dag.Overlap == OverlapPolicy.Allow) Start(waiting, ActorRefs.Nobody);
            else if (!queued) _log.Info("Scheduler: {0} trigger of {1} dropped after waiting for a slot: the DAG has an active run (overlap = {2})", waiting.Trigger, name, waiting.Dag.Overlap.ToString().ToLowerInvariant());
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

    private void StopTriggers()
    {
        _stopped = true;
        Timers.CancelAll();
        _armed.Clear();
        var dropped = _activity.DropQueued();
        _log.Info("Scheduler: triggers stopped; {0} queued trigger(s) dropped", dropped);
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
        Refuse(trigger.Requester, trigger.Request.Trigger, trigger.Request.Dag, rejection);

    /// <summary>Tells the requester; a trigger nobody waits for (cron, a queued one) is logged instead.</summary>
    private void Refuse(IActorRef requester, string trigger, string dag, SchedulerCommands.TriggerRejected rejection)
    {
        if (requester.IsNobody()) _log.Warning("Scheduler: {0} trigger of {1} not started ({2}): {3}", trigger, dag, rejection.Kind, rejection.Reason);
        else requester.Tell(rejection);
    }

    private static void Reply(IActorRef requester, object message)
    {
        if (!requester.IsNobody()) requester.Tell(message);
    }

    // ── Cron ────────────────────────────────────────────────────────────────────────────────────

    private void ListSchedules() =>
        _catalog.Ask<CatalogQueries.DagList>(new CatalogQueries.ListDags(), AskTimeout).PipeTo(Self,
            success: list => new SchedulesListed(list),
            failure: error => new ListingFailed(error));

    private void ArmAll(CatalogQueries.DagList list)
    {
        if (_stopped) return;
        foreach (var invalid in list.InvalidProjects)
            _log.Warning("Scheduler: project {0} is invalid; its schedule does not fire", invalid);
        var now = Now;
        foreach (var dag in list.Dags)
            if (dag.Schedule is { } schedule)
                Arm(dag.Name, schedule, dag.TimeZone, CronFireTimes.First(schedule, dag.TimeZone, now));
        _log.Info("Scheduler: {0} cron schedule(s) armed", _armed.Count);
    }

    /// <summary>One timer per DAG (arming replaces it), to Self, for <paramref name="occurrence"/>; a long wait is cut short and re-armed.</summary>
    private void Arm(string dag, CronSchedule schedule, TimeZoneInfo zone, DateTimeOffset? occurrence)
    {
        var key = "cron:" + dag;
        if (occurrence is not { } at)
        {
            Timers.Cancel(key);
            _armed.Remove(dag);
            _log.Warning("Scheduler: the schedule \"{0}\" of {1} has no further occurrence", schedule, dag);
            return;
        }
        var wait = at - Now;
        if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
        if (wait > LongestWait) wait = LongestWait;
        Timers.StartSingleTimer(key, new CronTimer(dag, at), wait);
        _armed[dag] = new ArmedSchedule(schedule, zone, at);
    }

    /// <summary>Fires a due occurrence as a parameter-less <c>cron</c> trigger, after arming the next one.</summary>
    private void Fire(CronTimer timer)
    {
        if (_stopped || !_armed.TryGetValue(timer.Dag, out var armed) || armed.Occurrence != timer.Occurrence) return;
        var now = Now;
        if (now < timer.Occurrence)
        {
            Arm(timer.Dag, armed.Schedule, armed.Zone, timer.Occurrence);
            return;
        }
        _log.Info("Scheduler: cron fires {0} for {1} ({2} ms late)", timer.Dag,
            timer.Occurrence.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture), (long)(now - timer.Occurrence).TotalMilliseconds);
        var (next, missed) = CronFireTimes.AfterFire(armed.Schedule, armed.Zone, timer.Occurrence, now);
        if (missed > 0)
            _log.Warning("Scheduler: {0} occurrence(s) of {1} passed while its fire was late; only the latest fires", missed, timer.Dag);
        Arm(timer.Dag, armed.Schedule, armed.Zone, next);
        LookUp(new Trigger(new SchedulerCommands.TriggerRun(timer.Dag, null, "cron", NoParameters), ActorRefs.Nobody, timer.Occurrence));
    }

    // ── Queries ─────────────────────────────────────────────────────────────────────────────────

    private SchedulerQueries.DagSchedules Describe(CatalogQueries.DagList list) => new(
        list.Dags.Select(dag => new SchedulerQueries.DagSchedule(
            dag.Name,
            dag.Schedule?.Text,
            dag.Schedule is null ? dag.Timezone : dag.TimeZone.Id,
            _armed.TryGetValue(dag.Name, out var armed) ? armed.Occurrence.ToUniversalTime() : null,
            dag.Overlap,
            _activity.RunningOf(dag.Name),
            _activity.QueuedOf(dag.Name))).ToList(),
        list.InvalidProjects);

    /// <summary>A trigger on its way: who waits for the answer (nobody for cron) and, for cron, the occurrence.</summary>
    private sealed record Trigger(SchedulerCommands.TriggerRun Request, IActorRef Requester, DateTimeOffset? LogicalTime);

    /// <summary>The catalog's answer (or <paramref name="Error"/>) for the trigger this actor instance asked <paramref name="Sequence"/>-th.</summary>
    private sealed record LookedUp(object Incarnation, long Sequence, Trigger Trigger, CatalogQueries.DagLookup? Lookup, Exception? Error)
    {
        /// <summary>Why the DAG's requirements do not hold; null when they do or are not checked.</summary>
        public string? Unmet { get; init; }
    }

    private sealed record StartReplied(string RunId, RunRequest Request, IActorRef Requester, object Reply);

    private sealed record SchedulesListed(CatalogQueries.DagList List);

    private sealed record ListingFailed(Exception Error);

    private sealed record ListAgain;

    private sealed record UnfinishedRuns(IReadOnlyList<RunSummary> Runs);

    /// <summary>The timer of <paramref name="Dag"/> for <paramref name="Occurrence"/>; a timer for another occurrence is stale and ignored.</summary>
    private sealed record CronTimer(string Dag, DateTimeOffset Occurrence);

    private sealed record ArmedSchedule(CronSchedule Schedule, TimeZoneInfo Zone, DateTimeOffset Occurrence);

    private sealed record DagsToDescribe(IActorRef Requester, CatalogQueries.DagList List);

    private sealed record DescribeFailed(IActorRef Requester, Exception Error);
}
