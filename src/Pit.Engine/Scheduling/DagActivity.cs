namespace Pit.Engine.Scheduling;

/// <summary>
/// What each DAG is doing, as the Scheduler sees it: its active runs (starting, then started
/// until their <c>RunFinished</c>) and the triggers queued behind them. Plain state, owned by the
/// Scheduler actor alone.
/// </summary>
public sealed class DagActivity
{
    private readonly Dictionary<string, DagState> _dags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _dagOfRun = new(StringComparer.Ordinal);
    private readonly Queue<RunRequest> _waiting = new();

    /// <summary>Runs starting or started, across every DAG (what <c>max_active_runs</c> counts).</summary>
    public int ActiveCount => _dagOfRun.Count;

    /// <summary>Puts <paramref name="request"/> in line for a free run slot (<c>max_active_runs</c>); its place (1 = next), or 0 when <paramref name="limit"/> already wait.</summary>
    public int Wait(RunRequest request, int limit)
    {
        if (_waiting.Count >= limit) return 0;
        _waiting.Enqueue(request);
        return _waiting.Count;
    }

    /// <summary>The oldest trigger waiting for a run slot, taken out of line; null if none waits.</summary>
    public RunRequest? NextWaiting() => _waiting.TryDequeue(out var next) ? next : null;

    /// <summary>The DAGs with queued triggers and no active run: the ones whose next trigger can start.</summary>
    public IReadOnlyList<string> IdleWithQueue =>
        _dags.Where(pair => pair.Value.Queue.Count > 0 && pair.Value.Runs.Count == 0).Select(pair => pair.Key).ToList();

    /// <summary>The Scheduler is starting <paramref name="runId"/>: from now on the DAG is busy.</summary>
    public void Starting(string dag, string runId)
    {
        State(dag).Runs.Add(runId);
        _dagOfRun[runId] = dag;
    }

    /// <summary>The run has started (its DagRun said so); a run that already finished stays gone.</summary>
    public void Started(string runId)
    {
        if (_dagOfRun.TryGetValue(runId, out var dag)) _dags[dag].Started.Add(runId);
    }

    /// <summary>The run finished or never started; returns its DAG, or null for a run this Scheduler did not start.</summary>
    public string? End(string runId)
    {
        if (!_dagOfRun.Remove(runId, out var dag)) return null;
        var state = _dags[dag];
        state.Runs.Remove(runId);
        state.Started.Remove(runId);
        return dag;
    }

    /// <summary>Whether the DAG has a run starting or started.</summary>
    public bool IsBusy(string dag) => _dags.TryGetValue(dag, out var state) && state.Runs.Count > 0;

    /// <summary>The DAG's oldest run that is starting or started, if any.</summary>
    public string? OldestRun(string dag) => _dags.TryGetValue(dag, out var state) && state.Runs.Count > 0 ? state.Runs[0] : null;

    /// <summary>The DAG's started, unfinished runs, oldest first.</summary>
    public IReadOnlyList<string> RunningOf(string dag) =>
        _dags.TryGetValue(dag, out var state) ? state.Runs.Where(state.Started.Contains).ToList() : [];

    /// <summary>Every started, unfinished run, by run id.</summary>
    public IReadOnlyList<string> AllRunning =>
        _dags.Values.SelectMany(s => s.Started).Order(StringComparer.Ordinal).ToList();

    /// <summary>Queues <paramref name="request"/> behind its DAG's active run; its place in line (1 = next), or 0 when <paramref name="limit"/> triggers already wait.</summary>
    public int Enqueue(RunRequest request, int limit)
    {
        var queue = State(request.Dag.Name).Queue;
        if (queue.Count >= limit) return 0;
        queue.Enqueue(request);
        return queue.Count;
    }

    /// <summary>The DAG's next queued trigger, taken out of the queue; null if none waits.</summary>
    public RunRequest? Dequeue(string dag) =>
        _dags.TryGetValue(dag, out var state) && state.Queue.TryDequeue(out var next) ? next : null;

    /// <summary>Triggers of the DAG waiting: behind its active run, or for a run slot.</summary>
    public int QueuedOf(string dag) =>
        (_dags.TryGetValue(dag, out var state) ? state.Queue.Count : 0) + _waiting.Count(request => request.Dag.Name == dag);

    /// <summary>Every DAG with triggers waiting (<see cref="QueuedOf"/>), by name.</summary>
    public IReadOnlyList<(string Dag, int Queued)> Queues =>
        _dags.Keys.Concat(_waiting.Select(request => request.Dag.Name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(dag => (dag, QueuedOf(dag))).Where(queue => queue.Item2 > 0).ToList();

    /// <summary>Empties every DAG's queue; returns how many triggers were dropped.</summary>
    public int DropQueued()
    {
        var dropped = _dags.Values.Sum(s => s.Queue.Count) + _waiting.Count;
        foreach (var state in _dags.Values) state.Queue.Clear();
        _waiting.Clear();
        return dropped;
    }

    private DagState State(string dag)
    {
        if (!_dags.TryGetValue(dag, out var state)) _dags[dag] = state = new DagState();
        return state;
    }

    private sealed class DagState
    {
        public List<string> Runs { get; } = [];
        public HashSet<string> Started { get; } = new(StringComparer.Ordinal);
        public Queue<RunRequest> Queue { get; } = new();
    }
}
