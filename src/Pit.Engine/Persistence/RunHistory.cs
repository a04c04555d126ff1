using Pit.Engine.Protocol;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Persistence;

/// <summary>
/// The runs projection: a pure fold of run events (in journal order) into <see cref="RunSummary"/>s,
/// and the queries <c>pit status</c> and <c>pit logs --list</c> need. Each event costs O(1), so a
/// history of many large runs folds quickly. Events of a run whose RunCreated was not seen are
/// ignored. Not thread-safe: fold on one thread, then read.
/// </summary>
public sealed class RunHistory
{
    /// <summary>How many latest finished runs a <see cref="DagSummary"/> counts by default.</summary>
    public const int DefaultRecent = 10;

    private readonly Dictionary<string, RunFold> _runs = new(StringComparer.Ordinal);

    public int Count => _runs.Count;

    public void Apply(IPitEvent evt)
    {
        switch (evt)
        {
            case RunEvents.RunCreated e:
                _runs[e.RunId] = new RunFold(
                    new RunSummary(e.RunId, e.Dag, e.Trigger, RunStatus.Running, e.At, null, null, []),
                    e.Tasks.Select(t => t.Name));
                break;
            case RunEvents.TaskStarted e:
                Update(e.RunId, e.Task, t => t with
                {
                    Status = TaskStatus.Running, Attempts = Math.Max(t.Attempts, e.Attempt),
                    StartedAt = t.StartedAt ?? e.At, FinishedAt = null, ExitCode = null, Reason = null,
                });
                break;
            case RunEvents.TaskSucceeded e:
                Update(e.RunId, e.Task, t => t with
                {
                    Status = TaskStatus.Success, Attempts = Math.Max(t.Attempts, e.Attempt),
                    FinishedAt = e.At, ExitCode = 0, Reason = null,
                });
                break;
            case RunEvents.TaskFailed e:
                Update(e.RunId, e.Task, t => t with
                {
                    Status = TaskStatus.Failed, Attempts = Math.Max(t.Attempts, e.Attempt),
                    FinishedAt = e.At, ExitCode = e.ExitCode, Reason = e.Reason,
                });
                break;
            case RunEvents.TaskRetryScheduled e:
                // Waiting for the next attempt: pending again, keeping the failed attempt's exit code and reason.
                Update(e.RunId, e.Task, t => t with { Status = TaskStatus.Pending, FinishedAt = null });
                break;
            case RunEvents.TaskSkipped e:
                Update(e.RunId, e.Task, t => t with { Status = TaskStatus.Skipped, FinishedAt = e.At, Reason = e.Reason });
                break;
            case RunEvents.TaskUpstreamFailed e:
                Update(e.RunId, e.Task, t => t with
                {
                    Status = TaskStatus.UpstreamFailed, FinishedAt = e.At, Reason = $"upstream task '{e.Upstream}' failed",
                });
                break;
            case RunEvents.RunFinished e:
                if (_runs.TryGetValue(e.RunId, out var run))
                    run.Head = run.Head with
                    {
                        Status = e.Status, FinishedAt = e.At, Duration = e.At - run.Head.CreatedAt, Reason = e.Reason,
                    };
                break;
        }
    }

    /// <summary>One run by id, or null.</summary>
    public RunSummary? Get(string runId) => _runs.GetValueOrDefault(runId)?.ToSummary();

    /// <summary>Every run, newest first.</summary>
    public IReadOnlyList<RunSummary> All() => Newest(_runs.Values);

    /// <summary>The runs of <paramref name="dag"/>, newest first.</summary>
    public IReadOnlyList<RunSummary> RunsOf(string dag) => Newest(_runs.Values.Where(r => r.Head.Dag == dag));

    /// <summary>The latest run of <paramref name="dag"/>, or null when it never ran.</summary>
    public RunSummary? LatestOf(string dag) =>
        _runs.Values.Where(r => r.Head.Dag == dag).OrderBy(r => r, NewestFirst).FirstOrDefault()?.ToSummary();

    /// <summary>The DAGs that have runs, by name.</summary>
    public IReadOnlyList<string> Dags() =>
        _runs.Values.Select(r => r.Head.Dag).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>One DAG at a glance, or null when it never ran.</summary>
    public DagSummary? SummaryOf(string dag, int recent = DefaultRecent)
    {
        var runs = _runs.Values.Where(r => r.Head.Dag == dag).OrderBy(r => r, NewestFirst).ToList();
        if (runs.Count == 0)
            return null;
        var finished = runs.Select(r => r.Head.Status).Where(s => s != RunStatus.Running).Take(recent).ToList();
        return new DagSummary(dag, runs[0].ToSummary(), runs.Count, finished.Count,
            finished.Count(s => s == RunStatus.Succeeded),
            finished.Count(s => s is RunStatus.Failed or RunStatus.TimedOut));
    }

    /// <summary>Every DAG that has runs, at a glance, by name.</summary>
    public IReadOnlyList<DagSummary> Summaries(int recent = DefaultRecent) =>
        Dags().Select(d => SummaryOf(d, recent)!).ToList();

    private void Update(string runId, string task, Func<TaskSummary, TaskSummary> update)
    {
        if (_runs.TryGetValue(runId, out var run))
            run.Update(task, update);
    }

    private static List<RunSummary> Newest(IEnumerable<RunFold> runs) =>
        runs.OrderBy(r => r, NewestFirst).Select(r => r.ToSummary()).ToList();

    private static readonly Comparer<RunFold> NewestFirst = Comparer<RunFold>.Create((a, b) =>
    {
        var byTime = b.Head.CreatedAt.CompareTo(a.Head.CreatedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(b.Head.RunId, a.Head.RunId);
    });

    /// <summary>A run being folded: its summary without tasks, and its tasks in plan order.</summary>
    private sealed class RunFold
    {
        private readonly List<TaskSummary> _tasks = [];
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

        public RunFold(RunSummary head, IEnumerable<string> plannedTasks)
        {
            Head = head;
            foreach (var name in plannedTasks)
                Add(name);
        }

        public RunSummary Head { get; set; }

        public void Update(string task, Func<TaskSummary, TaskSummary> update)
        {
            // A task outside the plan (should not happen) is kept, after the planned ones.
            var at = _index.TryGetValue(task, out var i) ? i : Add(task);
            _tasks[at] = update(_tasks[at]);
        }

        public RunSummary ToSummary() => Head with { Tasks = _tasks.ToArray() };

        private int Add(string name)
        {
            if (_index.TryGetValue(name, out var existing))
                return existing;
            _index[name] = _tasks.Count;
            _tasks.Add(new TaskSummary(name, TaskStatus.Pending, 0, null, null, null, null));
            return _tasks.Count - 1;
        }
    }
}
