using Pit.Engine.Protocol;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Persistence;

/// <summary>
/// One run as the read side sees it; <see cref="Duration"/> is set once the run finished.
/// <see cref="Parameters"/> are the trigger's, as recorded when the run was created (by key);
/// <see cref="LogicalTime"/> is the schedule occurrence a cron run stands for, null for other triggers.
/// A rerun names the run it reruns (<see cref="RerunOf"/>); a rerun run lists its reruns, oldest first (<see cref="Reruns"/>).
/// </summary>
public sealed record RunSummary(
    string RunId,
    string Dag,
    string Trigger,
    RunStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    TimeSpan? Duration,
    IReadOnlyList<TaskSummary> Tasks,
    string? Reason = null,
    IReadOnlyDictionary<string, string>? Context = null,
    IReadOnlyDictionary<string, string>? Parameters = null,
    DateTimeOffset? LogicalTime = null,
    string? RerunOf = null,
    IReadOnlyList<string>? Reruns = null)
{
    public TaskSummary? Task(string name) => Tasks.FirstOrDefault(t => t.Name == name);
}

/// <summary>
/// One task of a run: its latest state, the highest attempt started, when its first attempt
/// started and when it settled, and the exit code / reason of the latest outcome. <see cref="Reused"/>:
/// a rerun kept how the task ended in the run it reruns (shown as <c>success (reused)</c>); it did not run.
/// </summary>
public sealed record TaskSummary(
    string Name,
    TaskStatus Status,
    int Attempts,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int? ExitCode,
    string? Reason,
    bool Reused = false)
{
    /// <summary>The state's name, with <c> (reused)</c> after it for a reused task: <c>success (reused)</c>.</summary>
    public string StateText => StatusNames.Of(Status) + (Reused ? " (reused)" : "");

    public TimeSpan? Duration => StartedAt is { } start && FinishedAt is { } end ? end - start : null;
}

/// <summary>
/// One DAG at a glance (<c>pit status</c>): its latest run and, among its <see cref="Recent"/> latest
/// finished runs, how many succeeded and how many failed (failed or timed out).
/// </summary>
public sealed record DagSummary(string Dag, RunSummary LastRun, int Runs, int Recent, int RecentSucceeded, int RecentFailed);
