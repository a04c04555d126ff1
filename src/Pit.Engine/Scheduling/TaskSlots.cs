namespace Pit.Engine.Scheduling;

/// <summary>
/// One attempt's claim on slots. <paramref name="Id"/> is unique per request (a retried or resumed
/// task asks again with a new one), so a late answer to an old request is never taken for a new one.
/// </summary>
/// <param name="Pool">The task's pool; null (or a pool the workspace does not define) for none.</param>
public sealed record SlotRequest(long Id, string RunId, string Task, int Attempt, string? Pool);

/// <summary>
/// The workspace's task slots across runs: a task holds one workspace slot when
/// <c>max_active_tasks</c> is set in pit_config.toml, and one slot of its pool when it has one.
/// Requests wait first in, first out: a request whose pool is full waits without holding back a
/// later task of another pool (or of none), and a later request never takes a slot an earlier one
/// of the same pool could have had (when the workspace is full, nobody passes anybody). Plain state,
/// owned by the TaskSlots actor alone.
/// </summary>
public sealed class TaskSlots
{
    private readonly int? _maxActiveTasks;
    private readonly Dictionary<string, Pool> _pools = new(StringComparer.Ordinal);
    private readonly Dictionary<long, SlotRequest> _held = [];
    private readonly LinkedList<SlotRequest> _waiting = new();
    private readonly Dictionary<long, LinkedListNode<SlotRequest>> _waitingById = [];

    /// <param name="maxActiveTasks">The workspace's <c>max_active_tasks</c>; null for no limit.</param>
    /// <param name="pools">Each pool's size (<c>[pools] db = 2</c>).</param>
    public TaskSlots(int? maxActiveTasks, IReadOnlyDictionary<string, int> pools)
    {
        _maxActiveTasks = maxActiveTasks;
        foreach (var (name, size) in pools) _pools[name] = new Pool(size);
    }

    /// <summary>Tasks holding slots, across every run (what <c>max_active_tasks</c> counts).</summary>
    public int InUse => _held.Count;

    /// <summary>Requests waiting for a slot.</summary>
    public int WaitingCount => _waiting.Count;

    /// <summary>Slots of <paramref name="pool"/> in use; 0 for a pool the workspace does not define.</summary>
    public int InUseOf(string pool) => _pools.TryGetValue(pool, out var known) ? known.InUse : 0;

    /// <summary>Requests of <paramref name="pool"/> waiting in line (for a slot of their pool or of the workspace).</summary>
    public int WaitingOf(string pool) => _waiting.Count(request => request.Pool == pool);

    public bool Holds(long id) => _held.ContainsKey(id);

    public bool IsWaiting(long id) => _waitingById.ContainsKey(id);

    /// <summary>
    /// Puts <paramref name="request"/> in line and grants every request that can go now, in order;
    /// returns them (this one among them when it did not have to wait). Asking twice with one id changes nothing.
    /// </summary>
    public IReadOnlyList<SlotRequest> Ask(SlotRequest request)
    {
        if (_held.ContainsKey(request.Id) || _waitingById.ContainsKey(request.Id)) return [];
        _waitingById[request.Id] = _waiting.AddLast(request);
        return Grant();
    }

    /// <summary>Gives back the slots of request <paramref name="id"/>, or takes it out of line; returns the requests this lets go.</summary>
    public IReadOnlyList<SlotRequest> Release(long id)
    {
        if (_waitingById.Remove(id, out var node))
        {
            _waiting.Remove(node);
            // The line changed: a request behind this one may go now.
            return Grant();
        }
        if (!_held.Remove(id, out var held)) return [];
        if (PoolOf(held) is { } pool) pool.InUse--;
        return Grant();
    }

    /// <summary>Everything of run <paramref name="runId"/>, held or waiting, is given back (a stopped or restarted run); returns the requests this lets go.</summary>
    public IReadOnlyList<SlotRequest> ReleaseRun(string runId)
    {
        foreach (var held in _held.Values.Where(r => r.RunId == runId).ToList())
        {
            _held.Remove(held.Id);
            if (PoolOf(held) is { } pool) pool.InUse--;
        }
        foreach (var waiting in _waiting.Where(r => r.RunId == runId).ToList())
        {
            _waitingById.Remove(waiting.Id, out var node);
            _waiting.Remove(node!);
        }
        return Grant();
    }

    /// <summary>What a waiting request waits for, for its task log: <c>a slot of pool db (2 in use)</c>.</summary>
    public string WaitReason(SlotRequest request)
    {
        if (PoolOf(request) is { } pool && pool.InUse >= pool.Size)
            return $"a slot of pool {request.Pool} ({pool.InUse} in use)";
        if (_maxActiveTasks is { } max && _held.Count >= max)
            return $"a workspace task slot (max_active_tasks = {max}, {_held.Count} in use)";
        return "its turn behind earlier tasks";
    }

    private bool WorkspaceFull => _maxActiveTasks is { } max && _held.Count >= max;

    /// <summary>
    /// One pass over the line, oldest first. A request whose pool is full is passed over (later
    /// requests of that pool find it full too, so they cannot overtake it); a full workspace stops the pass.
    /// </summary>
    private List<SlotRequest> Grant()
    {
        List<SlotRequest>? granted = null;
        var node = _waiting.First;
        while (node is not null && !WorkspaceFull)
        {
            var next = node.Next;
            var request = node.Value;
            var pool = PoolOf(request);
            if (pool is null || pool.InUse < pool.Size)
            {
                if (pool is not null) pool.InUse++;
                _waiting.Remove(node);
                _waitingById.Remove(request.Id);
                _held[request.Id] = request;
                (granted ??= []).Add(request);
            }
            node = next;
        }
        return granted ?? [];
    }

    /// <summary>The request's pool; null without one, or for a pool the workspace does not define (a resumed run's snapshot may name one since removed).</summary>
    private Pool? PoolOf(SlotRequest request) =>
        request.Pool is { } name && _pools.TryGetValue(name, out var pool) ? pool : null;

    private sealed class Pool(int size)
    {
        public int Size { get; } = size;

        public int InUse { get; set; }
    }
}
