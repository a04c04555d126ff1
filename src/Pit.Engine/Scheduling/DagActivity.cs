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

    public int QueuedOf(string dag) => _dags.TryGetValue(dag, out var state) ? state.Queue.Count : 0;

    /// <summary>Empties every DAG's queue; returns how many triggers were dropped.</summary>
    public int DropQueued()
    {
        var dropped = _dags.Values.Sum(s => s.Queue.Count);
        foreach (var state in _dags.Values) state.Queue.Clear();
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
