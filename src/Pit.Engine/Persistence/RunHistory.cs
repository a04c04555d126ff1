using Pit.Engine.Protocol;
using Pit.Engine.Runs;

namespace Pit.Engine.Persistence;

/// <summary>
/// The runs projection: run events (in journal order) folded with the same <see cref="DagRunState.Apply"/>
/// the DagRun itself uses, so the read side can never tell a run's story differently, and the
/// queries <c>pit status</c> and <c>pit logs --list</c> need. Events of a run whose RunCreated was
/// not seen are ignored. A rerun's RunCreated also links it to the run it reruns: that run's
/// <see cref="RunSummary.Reruns"/> is derived here, so a finished run's journal is never written again.
/// Not thread-safe: fold on one thread, then read.
/// </summary>
public sealed class RunHistory
{
    /// <summary>How many latest finished runs a <see cref="DagSummary"/> counts by default.</summary>
    public const int DefaultRecent = 10;

    private readonly Dictionary<string, DagRunState> _runs = new(StringComparer.Ordinal);
    // Per run, the runs that rerun it, in journal order.
    private readonly Dictionary<string, List<string>> _reruns = new(StringComparer.Ordinal);

    public int Count => _runs.Count;

    public void Apply(IPitEvent evt)
    {
        var runId = ((IWithRunId)evt).RunId;
        if (evt is RunEvents.RunCreated created)
        {
            _runs[runId] = DagRunState.Empty(runId).Apply(evt);
            if (created.RerunOf is { } original) AddRerun(original, runId);
        }
        else if (_runs.TryGetValue(runId, out var run))
            _runs[runId] = run.Apply(evt);
    }

    private void AddRerun(string original, string rerun)
    {
        if (!_reruns.TryGetValue(original, out var reruns)) _reruns[original] = reruns = [];
        if (!reruns.Contains(rerun)) reruns.Add(rerun);
    }

    /// <summary>One run by id, or null.</summary>
    public RunSummary? Get(string runId) => _runs.TryGetValue(runId, out var run) ? ToSummary(run) : null;

    /// <summary>Every run, newest first.</summary>
    public IReadOnlyList<RunSummary> All() => Newest(_runs.Values);

    /// <summary>The runs of <paramref name="dag"/>, newest first.</summary>
    public IReadOnlyList<RunSummary> RunsOf(string dag) => Newest(_runs.Values.Where(r => r.Dag == dag));

    /// <summary>The latest run of <paramref name="dag"/>, or null when it never ran.</summary>
    public RunSummary? LatestOf(string dag) =>
        _runs.Values.Where(r => r.Dag == dag).OrderBy(r => r, NewestFirst).Select(ToSummary).FirstOrDefault();

    /// <summary>Per DAG, the latest occurrence a scheduled run (cron or catch-up) was for: a fire the Scheduler had no time to record still counts.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> LatestLogicalTimes() =>
        _runs.Values.Where(r => r.LogicalTime is not null && r.Trigger is TriggerNames.Cron or TriggerNames.CatchUp)
            .GroupBy(r => r.Dag, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(r => r.LogicalTime!.Value), StringComparer.Ordinal);

    /// <summary>The DAGs that have runs, by name.</summary>
    public IReadOnlyList<string> Dags() =>
        _runs.Values.Select(r => r.Dag).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>One DAG at a glance, or null when it never ran.</summary>
    public DagSummary? SummaryOf(string dag, int recent = DefaultRecent)
    {
        var runs = _runs.Values.Where(r => r.Dag == dag).OrderBy(r => r, NewestFirst).ToList();
        if (runs.Count == 0)
            return null;
        var finished = runs.Select(r => r.Status).Where(s => s != RunStatus.Running).Take(recent).ToList();
        return new DagSummary(dag, ToSummary(runs[0]), runs.Count, finished.Count,
            finished.Count(s => s == RunStatus.Succeeded),
            finished.Count(s => s is RunStatus.Failed or RunStatus.TimedOut));
    }

    /// <summary>Every DAG that has runs, at a glance, by name.</summary>
    public IReadOnlyList<DagSummary> Summaries(int recent = DefaultRecent) =>
        Dags().Select(d => SummaryOf(d, recent)!).ToList();

    private List<RunSummary> Newest(IEnumerable<DagRunState> runs) =>
        runs.OrderBy(r => r, NewestFirst).Select(ToSummary).ToList();

    private static readonly Comparer<DagRunState> NewestFirst = Comparer<DagRunState>.Create((a, b) =>
    {
        var byTime = Nullable.Compare(b.CreatedAt, a.CreatedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(b.RunId, a.RunId);
    });

    /// <summary>One run's summary from its state alone (a live run's, which has no reruns yet).</summary>
    public static RunSummary SummaryOf(DagRunState run) => Summary(run);

    /// <summary>The run with the reruns this history has seen of it.</summary>
    private RunSummary ToSummary(DagRunState run) => Summary(run, _reruns.TryGetValue(run.RunId, out var reruns) ? [.. reruns] : null);

    /// <summary>A run's state as the readers show it: the one mapping the fold and the read models share.</summary>
    /// <param name="reruns">The runs that rerun it, oldest first (derived from their RunCreated), or null.</param>
    internal static RunSummary Summary(DagRunState run, IReadOnlyList<string>? reruns = null)
    {
        var created = run.CreatedAt!.Value;
        var tasks = run.InOrder.Select(t => new TaskSummary(
            t.Name,
            t.Status,
            t.Attempt,
            t.StartedAt,
            // A task waiting for its retry has not finished.
            t.Status.IsSettled() ? t.FinishedAt : null,
            t.ExitCode,
            t.Reason,
            t.Reused)).ToArray();
        return new RunSummary(run.RunId, run.Dag, run.Trigger, run.Status, created, run.FinishedAt,
            run.FinishedAt - created, tasks, run.Reason,
            Sorted(run.Context), Sorted(run.Parameters), run.LogicalTime,
            run.RerunOf, reruns);
    }

    private static Dictionary<string, string> Sorted(IEnumerable<KeyValuePair<string, string>> pairs) =>
        pairs.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToDictionary(pair => pair.Key, pair => pair.Value);
}
