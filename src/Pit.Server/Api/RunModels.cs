using Pit.Engine.Persistence;
using Pit.Engine.Protocol;

namespace Pit.Server.Api;

/// <summary><c>GET /api/runs</c>: runs, newest first.</summary>
public sealed record RunList(IReadOnlyList<RunItem> Runs);

/// <summary>One run as the run history tells it; times in UTC.</summary>
public sealed record RunItem(
    string RunId,
    string Dag,
    string Trigger,
    string State,
    DateTime Started,
    DateTime? Finished,
    double? DurationSeconds,
    string? Reason)
{
    public static RunItem Of(RunSummary run) => new(run.RunId, run.Dag, run.Trigger, StatusNames.Of(run.Status),
        run.CreatedAt.UtcDateTime, run.FinishedAt?.UtcDateTime, run.Duration?.TotalSeconds, run.Reason);
}

/// <summary><c>GET /api/runs/{id}</c>: the run, each of its tasks and the run's context.</summary>
public sealed record RunDetail(
    string RunId,
    string Dag,
    string Trigger,
    string State,
    DateTime Started,
    DateTime? Finished,
    double? DurationSeconds,
    string? Reason,
    IReadOnlyList<RunTaskItem> Tasks,
    IReadOnlyDictionary<string, string> Context)
{
    public static RunDetail Of(RunSummary run) => new(run.RunId, run.Dag, run.Trigger, StatusNames.Of(run.Status),
        run.CreatedAt.UtcDateTime, run.FinishedAt?.UtcDateTime, run.Duration?.TotalSeconds, run.Reason,
        run.Tasks.Select(RunTaskItem.Of).ToList(), run.Context ?? new Dictionary<string, string>());
}

/// <summary>One task of a run: its latest state, how many attempts started, and the latest exit code.</summary>
public sealed record RunTaskItem(
    string Name,
    string State,
    int Attempts,
    int? ExitCode,
    DateTime? Started,
    DateTime? Finished,
    double? DurationSeconds,
    string? Reason)
{
    public static RunTaskItem Of(TaskSummary task) => new(task.Name, StatusNames.Of(task.Status), task.Attempts, task.ExitCode,
        task.StartedAt?.UtcDateTime, task.FinishedAt?.UtcDateTime, task.Duration?.TotalSeconds, task.Reason);
}

/// <summary>202 to a trigger that started a run.</summary>
public sealed record TriggerStarted(string RunId, string Dag);

/// <summary>202 to a trigger that waits behind an active run (overlap = queue); 1 = next.</summary>
public sealed record TriggerWaiting(int Queued, string Dag);

/// <summary>202 to a cancel: the run is stopping (its tasks get SIGTERM).</summary>
public sealed record CancelAccepted(string RunId, string State);
