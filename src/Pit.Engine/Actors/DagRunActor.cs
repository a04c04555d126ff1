using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Streams;
using Pit.Core.Dags;
using Pit.Core.Validation;
using Pit.Engine.Protocol;
using Pit.Engine.Runners;
using Pit.Engine.Runs;
using Pit.Engine.Sdk;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Actors;

/// <summary>
/// One run of one DAG (persistenceId <c>run-&lt;runId&gt;</c>). It snapshots the project, persists
/// every transition, starts tasks as soon as their dependencies are settled (and, when the workspace
/// limits them, the TaskSlots actor grants a slot), retries and times
/// out, and rebuilds itself from its journal after a restart. Decisions come from
/// <see cref="DagRunDecisions"/>; this actor persists them and performs the effects.
/// </summary>
public sealed class DagRunActor : ReceivePersistentActor, IWithTimers
{
    /// <summary>
    /// How long a TaskStarted may wait for the next write to go with, before it is persisted alone.
    /// A task that ends sooner has its start and outcome written together.
    /// </summary>
    public static readonly TimeSpan StartsDelay = TimeSpan.FromMilliseconds(50);

    private const string TimeoutTimer = "run-timeout";
    private const string StartsTimer = "persist-starts";
    private const string NoSnapshotStore = "akka.persistence.no-snapshot-store";
    private readonly string _runId;
    private readonly RunEnvironment _environment;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    // Tasks launched and not yet durably settled: an attempt's outcome events may still be in flight.
    private readonly HashSet<string> _busy = [];
    // Busy tasks whose attempt has ended, its outcome being persisted: their slot is free already.
    private readonly HashSet<string> _ended = [];
    // Tasks whose skipped / upstream_failed is being persisted.
    private readonly HashSet<string> _settling = [];
    // Attempts whose TaskStarted is persisted, being persisted or waiting in _unsentStarts.
    private readonly HashSet<(string Task, int Attempt)> _started = [];
    // TaskStarted events not yet handed to the journal: they go with the next write (see StartsDelay).
    private readonly List<IPitEvent> _unsentStarts = [];
    // Tasks (busy, still pending) waiting for a workspace or pool slot: the request id and the attempt it is for.
    private readonly Dictionary<string, (long Id, int Attempt)> _awaitingSlot = new(StringComparer.Ordinal);
    // Tasks whose running attempt holds a slot, by request id: given back when the attempt settles.
    private readonly Dictionary<string, long> _holdingSlot = new(StringComparer.Ordinal);
    private static long _lastSlotRequest;
    private DagRunState _state;
    private DagDefinition? _dag;
    private Dictionary<string, TaskDefinition> _taskDefinitions = [];
    private bool _anyOneFailed = true;
    private readonly Func<string, TaskCondition> _conditionOf;
    private (RunStatus Status, string Reason)? _stopping;
    private RunSdk? _sdk;
    private ISecretSource? _secrets;
    private RunOwnership? _ownership;
    private bool _ownedElsewhere;
    private RunContextBridge? _context;
    private bool _ending;

    public DagRunActor(string runId, RunEnvironment environment)
    {
        _runId = runId;
        _environment = environment;
        _state = DagRunState.Empty(runId);
        Paths = RunPaths.Of(environment.Config.RunsDir, runId);
        _conditionOf = ConditionOf;
        // A run takes no snapshots (its events are a few per task), so it never opens the snapshot store.
        SnapshotPluginId = NoSnapshotStore;

        Recover<IPitEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => Resume());

        Command<DagRunCommands.StartRun>(Start);
        Command<TaskRunnerMessages.AttemptStarted>(Started);
        Command<PersistStarts>(_ => PersistInFlight([], () => { }));
        Command<TaskRunnerMessages.AttemptFinished>(Finished);
        Command<RetryDue>(retry => Launch(retry.Task, retry.Attempt));
        Command<TaskSlotsCommands.Granted>(SlotGranted);
        Command<TaskSlotsCommands.Waiting>(WaitingForSlot);
        Command<DagRunCommands.CancelRun>(cancel => Stop(RunStatus.Cancelled, cancel.Reason));
        Command<RunTimedOut>(_ => Stop(RunStatus.TimedOut, $"the DAG timeout ({Core.Time.DurationText.Format(_dag!.Timeout!.Value)}) passed"));
        Command<DagRunCommands.GetRunState>(_ => Sender.Tell(_state));
        Command<DagRunCommands.ResumeRun>(_ =>
        {
            // Recovery (and Resume) ran before this message: the state says whether anything goes on.
            var finished = !_state.Created || _state.IsFinished || _ownedElsewhere;
            Sender.Tell(new DagRunCommands.RunResumed(_runId, _state.Dag, finished));
            if (!_state.Created || _ownedElsewhere) Context.Stop(Self);
        });
        Command<DagRunCommands.RecordSecretAccess>(Audit);
        Command<RunContextBridge.SetContext>(SetContext);
    }

    public override string PersistenceId => Persistence.RunIds.PersistenceIdOf(_runId);

    /// <summary>A run is rebuilt from its events alone: recovery does not query a snapshot store.</summary>
    public override Recovery Recovery => new(SnapshotSelectionCriteria.None);

    public ITimerScheduler Timers { get; set; } = null!;

    private RunPaths Paths { get; }

    public static Props Props(string runId, RunEnvironment environment) =>
        Akka.Actor.Props.Create<DagRunActor>(runId, environment);

    private sealed record RetryDue(string Task, int Attempt);

    private sealed record RunTimedOut;

    private sealed record PersistStarts
    {
        public static readonly PersistStarts Instance = new();
    }

    private void Start(DagRunCommands.StartRun start)
    {
        if (_state.Created)
        {
            Sender.Tell(new DagRunCommands.RunStarted(_runId));
            return;
        }
        string hash;
        var rerun = start.Rerun;
        try
        {
            Directory.CreateDirectory(Paths.Logs);
            _ownership = RunOwnership.TryTake(Paths.Root);
            // A rerun runs the code of the run it reruns (its snapshot), on a copy of that run's data.
            if (rerun is not null) FolderCopy.Copy(rerun.DataDir, Paths.Data);
            else Directory.CreateDirectory(Paths.Data);
            hash = ProjectSnapshot.Copy(start.Dag.ProjectDir, Paths.Project);
            if (rerun is not null) hash = rerun.SnapshotHash;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var what = rerun is null ? $"could not snapshot {start.Dag.ProjectDir}" : $"could not copy the snapshot and data of run {rerun.Of}";
            Sender.Tell(new DagRunCommands.RunNotStarted(_runId, $"{what}: {ex.Message}"));
            Context.Stop(Self);
            return;
        }

        UseDag(start.Dag);
        var created = new RunEvents.RunCreated(_runId, start.Dag.Name, start.Trigger, hash, start.Plan, Now, start.LogicalTime, start.Parameters,
            rerun?.Of, rerun is { Reused.Count: > 0 } ? rerun.Reused : null);
        // The context keys the reused tasks had set carry over, for the tasks that run after them.
        IEnumerable<IPitEvent> carried = rerun?.Context.Select(set => set with { RunId = _runId, At = Now }) ?? [];
        var requester = Sender;
        PersistAndApply([created, .. carried], () =>
        {
            requester.Tell(new DagRunCommands.RunStarted(_runId));
            OpenSdk();
            StartTimeoutTimer();
            Advance();
        });
    }

    /// <summary>After recovery: an unfinished run picks up from its snapshot's pit.toml.</summary>
    private void Resume()
    {
        if (!_state.Created || _state.IsFinished) return;
        // Another live Pit (a `pit run` beside this service, say) may be running it: then it is not ours to resume.
        _ownership = RunOwnership.TryTake(Paths.Root);
        if (_ownership is null)
        {
            _ownedElsewhere = true;
            _log.Info("Run {0}: another running Pit owns it; not resumed here", _runId);
            return;
        }
        UseDag(ReadSnapshotDag());
        if (_dag is null)
        {
            PersistAndApply([new RunEvents.RunFinished(_runId, RunStatus.Failed, "the run's snapshot could not be read", Now)], Finish);
            return;
        }
        // Tasks recorded as running were interrupted with the Pit that ran them. Their processes may
        // have outlived it (each leads its own session): stop what is left, then fail or retry them.
        // So is a pending task whose process is still there (found by its environment): its start was not persisted yet.
        var events = new List<IPitEvent>();
        var unrecorded = _state.InOrder.Any(t => t.Status == TaskStatus.Pending) ? OrphanedTask.OfRun(_runId) : new Dictionary<string, int>();
        foreach (var task in _state.InOrder.Where(t => t.Status == TaskStatus.Running || (t.Status == TaskStatus.Pending && unrecorded.ContainsKey(t.Name))))
        {
            var attempt = task.Attempt;
            var pid = task.Pid;
            if (task.Status == TaskStatus.Pending)
            {
                pid = unrecorded[task.Name];
                events.Add(new RunEvents.TaskStarted(_runId, task.Name, ++attempt, pid, Now));
            }
            if (pid is { } orphan && OrphanedTask.Kill(orphan, _runId, task.Name)) _log.Warning("Run {0}: task {1} (pid {2}) outlived the Pit that ran it; killed its process group", _runId, task.Name, orphan);
            events.AddRange(Failure(task.Name, attempt, null, "interrupted: Pit stopped while the task ran", timedOut: false));
        }
        foreach (var task in _state.InOrder.Where(t => t.RetryPending && !unrecorded.ContainsKey(t.Name)))
            Timers.StartSingleTimer("retry-" + task.Name, new RetryDue(task.Name, task.Attempt + 1), Max(task.RetryAt!.Value - Now));
        PersistAndApply(events, () =>
        {
            OpenSdk();
            StartTimeoutTimer();
            Advance();
        });
    }

    /// <summary>
    /// A task's process started. Its TaskStarted goes with the run's next write, or alone after
    /// <see cref="StartsDelay"/>: no decision waits for it, and a short task's start and outcome then
    /// cost the journal one write instead of two. (Until it is persisted, the task shows as pending.)
    /// </summary>
    private void Started(TaskRunnerMessages.AttemptStarted started)
    {
        if (!_started.Add((started.Task, started.Attempt))) return;
        _unsentStarts.Add(new RunEvents.TaskStarted(_runId, started.Task, started.Attempt, started.Pid, Now));
        if (!Timers.IsTimerActive(StartsTimer)) Timers.StartSingleTimer(StartsTimer, PersistStarts.Instance, StartsDelay);
    }

    /// <summary>
    /// An attempt ended. The task stays busy until its outcome is durable, so its dependents start
    /// only after the journal holds it, and nothing decides on a state that lags behind; only its slot
    /// is given to another ready task at once.
    /// </summary>
    private void Finished(TaskRunnerMessages.AttemptFinished finished)
    {
        // The attempt is over: its SDK token is refused from now on, and work it asked for (a load, a query) stops.
        _sdk?.Tokens.End(finished.Task, finished.Attempt);
        // Its slot goes back at once (a retry waiting for its delay holds none; it asks again when due).
        if (_holdingSlot.Remove(finished.Task, out var slot)) _environment.TaskSlots!.Tell(new TaskSlotsCommands.Release(slot));
        var events = new List<IPitEvent>();
        if (_started.Add((finished.Task, finished.Attempt)))
            events.Add(new RunEvents.TaskStarted(_runId, finished.Task, finished.Attempt, null, Now));

        var outcome = finished.Outcome;
        if (outcome.Succeeded)
            events.Add(new RunEvents.TaskSucceeded(_runId, finished.Task, finished.Attempt, Now));
        else if (_stopping is { } stopping)
            events.Add(new RunEvents.TaskFailed(_runId, finished.Task, finished.Attempt, outcome.ExitCode,
                stopping.Status == RunStatus.TimedOut ? "killed: the run timed out" : "killed: the run was cancelled", outcome.TimedOut, Now));
        else
            events.AddRange(Failure(finished.Task, finished.Attempt, outcome.ExitCode, outcome.Describe(), outcome.TimedOut, retryable: outcome.Error is null || outcome.Ran));
        if (_busy.Contains(finished.Task)) _ended.Add(finished.Task);
        PersistInFlight(events, () =>
        {
            _busy.Remove(finished.Task);
            _ended.Remove(finished.Task);
            Advance();
        });
        // Its slot is free now: a task that does not depend on it may start while its outcome is written.
        Advance();
    }

    /// <summary>
    /// A failed attempt, and its retry when the task's retry policy allows one (the timer starts
    /// once the retry is persisted). An attempt that could not start at all (missing script, no interpreter) is not retried:
    /// the next attempt would fail the same way.
    /// </summary>
    private List<IPitEvent> Failure(string task, int attempt, int? exitCode, string reason, bool timedOut, bool retryable = true)
    {
        var events = new List<IPitEvent> { new RunEvents.TaskFailed(_runId, task, attempt, exitCode, reason, timedOut, Now) };
        if (!_taskDefinitions.TryGetValue(task, out var definition) || _stopping is not null || !retryable) return events;
        if (DagRunDecisions.RetryDelay(definition, attempt, exitCode, timedOut) is { } delay)
        {
            events.Add(new RunEvents.TaskRetryScheduled(_runId, task, attempt + 1, delay, Now));
        }
        return events;
    }

    private void Advance()
    {
        if (_state.IsFinished || _dag is null) return;
        if (_stopping is { } stopping)
        {
            if (_busy.Count == 0 && _state.RunningCount == 0)
                End(stopping.Status, stopping.Reason);
            return;
        }

        var step = DagRunDecisions.Next(_state, _dag.MaxActiveTasks, _busy, _settling, _conditionOf, Now, _anyOneFailed, _ended);
        foreach (var task in step.Start) Launch(task, _state.Tasks[task].Attempt + 1);
        if (step.Settle.Count > 0)
        {
            var settled = step.Settle.Cast<IWithTask>().Select(e => e.Task).ToList();
            _settling.UnionWith(settled);
            PersistInFlight(step.Settle, () =>
            {
                _settling.ExceptWith(settled);
                Advance();
            });
            return;
        }
        if (_settling.Count == 0 && DagRunDecisions.Outcome(_state, _busy) is { } outcome)
            End(outcome, outcome == RunStatus.Failed ? FailureSummary() : null);
    }

    private void End(RunStatus status, string? reason)
    {
        if (_ending) return;
        _ending = true;
        PersistInFlight([new RunEvents.RunFinished(_runId, status, reason, Now)], Finish);
    }

    private void Launch(string task, int attempt)
    {
        if (_dag is null || !_taskDefinitions.TryGetValue(task, out var definition) || _stopping is not null || _state.IsFinished) return;
        _busy.Add(task);
        if (NeedsSlot(definition))
        {
            // The task stays pending (and busy) until the TaskSlots actor grants it a slot.
            var id = Interlocked.Increment(ref _lastSlotRequest);
            _awaitingSlot[task] = (id, attempt);
            _environment.TaskSlots!.Tell(new TaskSlotsCommands.Acquire(id, _runId, task, attempt, definition.Pool));
            return;
        }
        Run(definition, attempt);
    }

    /// <summary>
    /// Only a task with a pool, or any task when the workspace sets <c>max_active_tasks</c>, asks the
    /// TaskSlots actor; every other task starts without a message in between.
    /// </summary>
    private bool NeedsSlot(TaskDefinition definition) =>
        _environment.TaskSlots is not null
        && (_environment.Config.MaxActiveTasks is not null || (definition.Pool is { } pool && _environment.Config.Pools.ContainsKey(pool)));

    private void SlotGranted(TaskSlotsCommands.Granted granted)
    {
        // A grant for a request this run no longer waits for (cancelled, or asked before a restart) goes straight back.
        if (!_awaitingSlot.TryGetValue(granted.Task, out var awaiting) || awaiting.Id != granted.Id
            || _stopping is not null || _state.IsFinished || !_taskDefinitions.TryGetValue(granted.Task, out var definition))
        {
            Sender.Tell(new TaskSlotsCommands.Release(granted.Id));
            return;
        }
        _awaitingSlot.Remove(granted.Task);
        _holdingSlot[granted.Task] = granted.Id;
        Run(definition, awaiting.Attempt);
    }

    /// <summary>A task waits for a slot: the task's log says so (it stays <c>pending</c>; nothing is persisted).</summary>
    private void WaitingForSlot(TaskSlotsCommands.Waiting waiting)
    {
        if (!_awaitingSlot.TryGetValue(waiting.Task, out var awaiting) || awaiting.Id != waiting.Id) return;
        var line = AttemptLog.Waiting(_runId, waiting.Task, waiting.Attempt, waiting.Reason, Now) + "\n";
        try
        {
            Directory.CreateDirectory(Paths.Logs);
            File.AppendAllText(Paths.LogOf(waiting.Task), line);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.Warning("Run {0}: task {1} waits for {2}; the task log could not say so: {3}", _runId, waiting.Task, waiting.Reason, ex.Message);
        }
    }

    private void Run(TaskDefinition definition, int attempt)
    {
        var task = definition.Name;
        var runner = Context.Child(task);
        if (runner.IsNobody()) runner = Context.ActorOf(TaskRunnerActor.Props(_environment.Executor), task);
        runner.Tell(new TaskRunnerMessages.RunAttempt(new TaskLaunch
        {
            RunId = _runId,
            Dag = _dag!.Name,
            Task = definition,
            Attempt = attempt,
            SnapshotDir = Paths.Project,
            DataDir = Paths.Data,
            LogFile = Paths.LogOf(task),
            Environment = TaskEnvironment(definition, attempt),
            Redactor = _sdk?.Redactor,
            Secrets = _secrets,
            WorkspaceRoot = _environment.WorkspaceRoot,
            Timeout = definition.Timeout,
            KillGrace = _environment.Config.KillGrace,
            PythonInterpreter = _environment.Config.Python,
        }));
    }

    private Dictionary<string, string> TaskEnvironment(TaskDefinition task, int attempt)
    {
        var env = new Dictionary<string, string>(task.Env)
        {
            ["PIT_RUN_ID"] = _runId,
            ["PIT_TASK_NAME"] = task.Name,
            ["PIT_DAG_NAME"] = _dag!.Name,
            ["PIT_DATA_DIR"] = Paths.Data,
            ["PIT_WORKSPACE_DIR"] = _environment.WorkspaceRoot,
        };
        foreach (var (key, value) in _state.Parameters) env[RunParameters.VariableName(key)] = value;
        if (_state.LogicalTime is { } logical) env["PIT_LOGICAL_TIME"] = logical.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        if (_sdk is not null)
            foreach (var (name, value) in _sdk.EnvironmentFor(_dag.Name, task.Name, attempt)) env[name] = value;
        return env;
    }

    /// <summary>The run's SDK socket. Without it (no temporary folder, say) tasks run without PIT_SOCKET, and Pit's own log says why.</summary>
    private void OpenSdk()
    {
        if (_sdk is not null) return;
        var self = Self;
        try
        {
            _context = new RunContextBridge(self);
            _context.Publish(_state.Context);
            _secrets = _environment.SecretsVault is { } vault
                ? new SecretsVaultActor.Source(vault)
                : new FileSecretSource(_environment.Secrets, (caller, key, found) =>
                    self.Tell(new DagRunCommands.RecordSecretAccess(caller.RunId, caller.Task, caller.Attempt, key, found)));
            _sdk = new RunSdk(_runId, _secrets, _environment.Materializer ?? Context.Materializer(), _context,
                new SdkData(Paths.Data, _environment.WorkspaceRoot), _state.Parameters);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
        {
            _log.Warning("Run {0}: no SDK socket, tasks cannot ask for secrets: {1}", _runId, ex.Message);
        }
    }

    private void SetContext(RunContextBridge.SetContext set)
    {
        var requester = Sender;
        PersistInFlight([new RunEvents.ContextSet(_runId, set.Caller.Task, set.Key, set.Json, Now)],
            () => requester.Tell(new RunContextBridge.ContextStored()));
    }

    private void Audit(DagRunCommands.RecordSecretAccess access)
    {
        var requester = Sender;
        PersistInFlight([new RunEvents.SecretAccessed(_runId, access.Task, access.Attempt, access.Key, access.Found, Now)],
            () => requester.Tell(new DagRunCommands.SecretAccessRecorded(_runId)));
    }

    protected override void PostStop()
    {
        // Stopped or restarting: whatever the run held or waited for goes back (a restarted run asks again).
        if (_awaitingSlot.Count > 0 || _holdingSlot.Count > 0) _environment.TaskSlots?.Tell(new TaskSlotsCommands.ReleaseRun(_runId));
        _sdk?.Dispose();
        _ownership?.Dispose();
        base.PostStop();
    }

    private void Stop(RunStatus status, string reason)
    {
        if (_state.IsFinished || _stopping is not null) return;
        _log.Info("Run {0}: stopping ({1})", _runId, reason);
        _stopping = (status, reason);
        Timers.CancelAll();
        // Tasks still waiting for a slot stop waiting: they never started, so they stay pending.
        foreach (var (task, awaiting) in _awaitingSlot)
        {
            _environment.TaskSlots!.Tell(new TaskSlotsCommands.Release(awaiting.Id));
            _busy.Remove(task);
        }
        _awaitingSlot.Clear();
        foreach (var task in _busy.Concat(_state.Tasks.Values.Where(t => t.Status == TaskStatus.Running).Select(t => t.Name)).Distinct())
            Context.Child(task).Tell(new TaskRunnerMessages.CancelAttempt(reason));
        Advance();
    }

    /// <summary>The run is over: drop the artifacts not kept, then stop.</summary>
    private void Finish()
    {
        Timers.CancelAll();
        _sdk?.Dispose();
        _sdk = null;
        try
        {
            RunRetention.Apply(Paths, _dag?.KeepArtifacts ?? _environment.Config.KeepArtifacts);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _log.Warning("Run {0}: could not remove artifacts: {1}", _runId, ex.Message);
        }
        Context.Stop(Self);
    }

    private void StartTimeoutTimer()
    {
        if (_dag?.Timeout is not { } timeout || _state.CreatedAt is not { } created) return;
        Timers.StartSingleTimer(TimeoutTimer, new RunTimedOut(), Max(created + timeout - Now));
    }

    /// <summary>Persists, stashing commands until done (run creation, settling, the end).</summary>
    private void PersistAndApply(IReadOnlyList<IPitEvent> events, Action then)
    {
        events = WithUnsentStarts(events);
        if (events.Count == 0)
        {
            then();
            return;
        }
        var remaining = events.Count;
        PersistAll(events, e =>
        {
            Persisted(e);
            if (--remaining == 0) then();
        });
    }

    /// <summary>Persists without stashing (PersistAllAsync): the journal batches these writes.</summary>
    private void PersistInFlight(IReadOnlyList<IPitEvent> events, Action then)
    {
        events = WithUnsentStarts(events);
        if (events.Count == 0)
        {
            then();
            return;
        }
        var remaining = events.Count;
        PersistAllAsync(events, e =>
        {
            Persisted(e);
            if (--remaining == 0) then();
        });
    }

    /// <summary>The TaskStarted events waiting to be persisted, then <paramref name="events"/>: a task's start always precedes its outcome in the journal.</summary>
    private IReadOnlyList<IPitEvent> WithUnsentStarts(IReadOnlyList<IPitEvent> events)
    {
        if (_unsentStarts.Count == 0) return events;
        IReadOnlyList<IPitEvent> all = [.. _unsentStarts, .. events];
        _unsentStarts.Clear();
        Timers.Cancel(StartsTimer);
        return all;
    }

    /// <summary>An event is durable: apply it, start the effects it implies, then tell watchers.</summary>
    private void Persisted(IPitEvent e)
    {
        _state = _state.Apply(e);
        _context?.Publish(_state.Context);
        if (e is RunEvents.TaskRetryScheduled retry)
            Timers.StartSingleTimer("retry-" + retry.Task, new RetryDue(retry.Task, retry.NextAttempt), retry.Delay);
        Context.System.EventStream.Publish(e);
    }

    private TaskCondition ConditionOf(string task) =>
        _taskDefinitions.TryGetValue(task, out var definition) ? definition.Condition : TaskCondition.AllSuccess;

    /// <summary>The DAG this run executes, and its tasks by name (looked up on every transition).</summary>
    private void UseDag(DagDefinition? dag)
    {
        _dag = dag;
        _taskDefinitions = new Dictionary<string, TaskDefinition>(StringComparer.Ordinal);
        foreach (var task in dag?.Tasks ?? []) _taskDefinitions.TryAdd(task.Name, task);
        _anyOneFailed = dag is null || dag.Tasks.Any(t => t.Condition == TaskCondition.OneFailed);
    }

    private string FailureSummary()
    {
        var failed = _state.InOrder.Where(t => t.Status == TaskStatus.Failed).Select(t => t.Name).ToList();
        return failed.Count == 0 ? "upstream tasks did not succeed" : $"failed: {string.Join(", ", failed)}";
    }

    private DagDefinition? ReadSnapshotDag()
    {
        var errors = new ConfigErrorList();
        var source = PitTomlReader.Read(Paths.Project, errors);
        if (source is null) _log.Error("Run {0}: cannot read the snapshot's pit.toml: {1}", _runId, string.Join("; ", errors.Items));
        // The snapshot folder is called "project": the name comes from the journal, not the folder.
        return source is null ? null : source.Dag with { Name = _state.Dag };
    }

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private static TimeSpan Max(TimeSpan delay) => delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
}
