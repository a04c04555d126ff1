using System.Collections.Immutable;
using Pit.Engine.Protocol;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Runs;

/// <summary>One task of a run as the journal tells it; <see cref="Reused"/> when a rerun kept how it ended in the rerun run.</summary>
public sealed record TaskState(
    string Name,
    IReadOnlyList<string> DependsOn,
    TaskStatus Status,
    int Attempt,
    int? Pid,
    int? ExitCode,
    string? Reason,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? RetryAt,
    DateTimeOffset? AttemptStartedAt = null,
    bool Reused = false)
{
    public bool RetryPending => RetryAt is not null && Status == TaskStatus.Pending;

    public static TaskState Planned(RunEvents.PlannedTask task) =>
        new(task.Name, task.DependsOn, TaskStatus.Pending, 0, null, null, null, null, null, null);
}

/// <summary>
/// A run's state, rebuilt purely from its events: <c>state.Apply(e)</c> for each event in order.
/// No I/O, no clock: the DagRun actor persists events and applies them here.
/// </summary>
public sealed record DagRunState(
    string RunId,
    string Dag,
    RunStatus Status,
    bool Created,
    string Trigger,
    string? SnapshotHash,
    ImmutableArray<string> Order,
    ImmutableDictionary<string, TaskState> Tasks,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? FinishedAt,
    string? Reason)
{
    public static DagRunState Empty(string runId) => new(
        runId, "", RunStatus.Running, false, "", null, [], ImmutableDictionary<string, TaskState>.Empty, null, null, null);

    public bool IsFinished => Status != RunStatus.Running;

    /// <summary>
    /// The run's context: keys tasks set through the SDK (JSON values as text), and
    /// <c>&lt;task&gt;.exit_code</c> for every task that ended with one.
    /// </summary>
    public ImmutableDictionary<string, string> Context { get; init; } = ImmutableDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>The trigger's parameters (<c>key=value</c>), as recorded when the run was created.</summary>
    public ImmutableDictionary<string, string> Parameters { get; init; } = ImmutableDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>The schedule occurrence a cron run stands for; null for other triggers.</summary>
    public DateTimeOffset? LogicalTime { get; init; }

    /// <summary>The run this one reruns; null when it is no rerun.</summary>
    public string? RerunOf { get; init; }

    /// <summary>The end of the context keys Pit sets (<c>&lt;task&gt;.exit_code</c>); tasks may not set them.</summary>
    public const string ExitCodeSuffix = ".exit_code";

    /// <summary>The key Pit sets to a task's last exit code.</summary>
    public static string ExitCodeKey(string task) => task + ExitCodeSuffix;

    /// <summary>How many tasks are <c>running</c> (kept up to date by <see cref="Apply"/>, so no scan is needed).</summary>
    public int RunningCount { get; init; }

    /// <summary>
    /// The positions in <see cref="Order"/> of the tasks still <c>pending</c>, kept up to date by
    /// <see cref="Apply"/> from <c>RunCreated</c> on, so that deciding the next step looks at the tasks
    /// that can still start rather than at every task of the run. Null for a state not built from its
    /// <c>RunCreated</c> (one read back from the read models).
    /// </summary>
    public ImmutableSortedSet<int>? PendingPositions { get; init; }

    /// <summary>Each task's position in <see cref="Order"/>; set with <see cref="PendingPositions"/>.</summary>
    public IReadOnlyDictionary<string, int>? Positions { get; init; }

    /// <summary>How many tasks are <c>failed</c>, <c>upstream_failed</c> or <c>skipped</c>; kept with <see cref="PendingPositions"/>.</summary>
    public int UnsuccessfulCount { get; init; }

    public IEnumerable<TaskState> InOrder => Order.Select(name => Tasks[name]);

    public DagRunState Apply(IPitEvent e) => e switch
    {
        RunEvents.RunCreated c => Positioned(this with
        {
            Dag = c.Dag,
            Created = true,
            Trigger = c.Trigger,
            SnapshotHash = c.SnapshotHash,
            Order = [.. c.Tasks.Select(t => t.Name)],
            Tasks = Reuse(c.Tasks.ToImmutableDictionary(t => t.Name, TaskState.Planned), c.Reused, c.At),
            RunningCount = 0,
            CreatedAt = c.At,
            Parameters = c.Parameters is null ? Parameters : Parameters.SetItems(c.Parameters),
            LogicalTime = c.LogicalTime,
            RerunOf = c.RerunOf,
            Context = ReusedExitCodes(Context, c.Reused),
        }),
        RunEvents.TaskStarted s => Update(s.Task, t => t with
        {
            Status = TaskStatus.Running, Attempt = s.Attempt, Pid = s.Pid, StartedAt = t.StartedAt ?? s.At, AttemptStartedAt = s.At,
            FinishedAt = null, ExitCode = null, Reason = null, RetryAt = null,
        }),
        RunEvents.TaskSucceeded s => Update(s.Task, t => t with { Status = TaskStatus.Success, ExitCode = 0, FinishedAt = s.At }) with
        {
            Context = Context.SetItem(ExitCodeKey(s.Task), "0"),
        },
        RunEvents.TaskFailed f => Update(f.Task, t => t with
        {
            Status = TaskStatus.Failed, Attempt = Math.Max(t.Attempt, f.Attempt), ExitCode = f.ExitCode, Reason = f.Reason, FinishedAt = f.At,
        }) with
        {
            Context = f.ExitCode is { } code ? Context.SetItem(ExitCodeKey(f.Task), code.ToString(System.Globalization.CultureInfo.InvariantCulture)) : Context,
        },
        RunEvents.ContextSet c => this with { Context = Context.SetItem(c.Key, c.Value) },
        RunEvents.TaskRetryScheduled r => Update(r.Task, t => t with { Status = TaskStatus.Pending, RetryAt = r.At + r.Delay }),
        RunEvents.TaskSkipped s => Update(s.Task, t => t with { Status = TaskStatus.Skipped, Reason = s.Reason, FinishedAt = s.At }),
        RunEvents.TaskUpstreamFailed u => Update(u.Task, t => t with
        {
            Status = TaskStatus.UpstreamFailed, Reason = $"upstream task '{u.Upstream}' did not succeed", FinishedAt = u.At,
        }),
        RunEvents.RunFinished f => this with { Status = f.Status, FinishedAt = f.At, Reason = f.Reason },
        _ => this,
    };

    /// <summary>A rerun's reused tasks are settled from the start, as they ended in the rerun run.</summary>
    private static ImmutableDictionary<string, TaskState> Reuse(ImmutableDictionary<string, TaskState> tasks, IReadOnlyList<RunEvents.ReusedTask>? reused, DateTimeOffset at)
    {
        foreach (var task in reused ?? [])
        {
            if (!tasks.TryGetValue(task.Name, out var planned)) continue;
            tasks = tasks.SetItem(task.Name, planned with
            {
                Status = task.Status, ExitCode = task.ExitCode, Reason = task.Reason, FinishedAt = at, Reused = true,
            });
        }
        return tasks;
    }

    private static ImmutableDictionary<string, string> ReusedExitCodes(ImmutableDictionary<string, string> context, IReadOnlyList<RunEvents.ReusedTask>? reused)
    {
        foreach (var task in reused ?? [])
            if (task.ExitCode is { } code) context = context.SetItem(ExitCodeKey(task.Name), code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return context;
    }

    private DagRunState Update(string task, Func<TaskState, TaskState> change)
    {
        if (!Tasks.TryGetValue(task, out var current)) return this;
        var changed = change(current);
        var running = RunningCount + (changed.Status == TaskStatus.Running ? 1 : 0) - (current.Status == TaskStatus.Running ? 1 : 0);
        var pending = PendingPositions;
        var unsuccessful = UnsuccessfulCount;
        if (pending is not null && Positions is not null && Positions.TryGetValue(task, out var position))
        {
            pending = changed.Status == TaskStatus.Pending ? pending.Add(position) : pending.Remove(position);
            unsuccessful += (IsUnsuccessful(changed.Status) ? 1 : 0) - (IsUnsuccessful(current.Status) ? 1 : 0);
        }
        return this with { Tasks = Tasks.SetItem(task, changed), RunningCount = running, PendingPositions = pending, UnsuccessfulCount = unsuccessful };
    }

    /// <summary>The state with <see cref="Positions"/>, <see cref="PendingPositions"/> and <see cref="UnsuccessfulCount"/> counted from its tasks.</summary>
    private static DagRunState Positioned(DagRunState state)
    {
        var positions = new Dictionary<string, int>(state.Order.Length, StringComparer.Ordinal);
        var pending = ImmutableSortedSet.CreateBuilder<int>();
        var unsuccessful = 0;
        for (var i = 0; i < state.Order.Length; i++)
        {
            var task = state.Tasks[state.Order[i]];
            positions[task.Name] = i;
            if (task.Status == TaskStatus.Pending) pending.Add(i);
            if (IsUnsuccessful(task.Status)) unsuccessful++;
        }
        return state with { Positions = positions, PendingPositions = pending.ToImmutable(), UnsuccessfulCount = unsuccessful };
    }

    private static bool IsUnsuccessful(TaskStatus status) => status is TaskStatus.Failed or TaskStatus.UpstreamFailed or TaskStatus.Skipped;
}
