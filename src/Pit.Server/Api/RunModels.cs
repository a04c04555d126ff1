using Pit.Engine.Persistence;
using Pit.Engine.Protocol;
using Pit.Engine.Sdk;

namespace Pit.Server.Api;

/// <summary><c>GET /api/runs</c>: runs, newest first.</summary>
public sealed record RunList(IReadOnlyList<RunItem> Runs);

/// <summary>
/// One run as the run history tells it; times in UTC. <see cref="Parameters"/> are the trigger's
/// (values that contain a secret's value masked), <see cref="LogicalTime"/> the schedule occurrence
/// a cron run stands for, <see cref="RerunOf"/> the run a rerun reruns (null for none).
/// </summary>
public sealed record RunItem(
    string RunId,
    string Dag,
    string Trigger,
    string State,
    DateTime Started,
    DateTime? Finished,
    double? DurationSeconds,
    string? Reason,
    IReadOnlyDictionary<string, string> Parameters,
    DateTime? LogicalTime,
    string? RerunOf = null)
{
    public static RunItem Of(RunSummary run, Redactor secrets) => new(run.RunId, run.Dag, run.Trigger, StatusNames.Of(run.Status),
        run.CreatedAt.UtcDateTime, run.FinishedAt?.UtcDateTime, run.Duration?.TotalSeconds, run.Reason,
        RunParameterView.Of(run, secrets), run.LogicalTime?.UtcDateTime, run.RerunOf);
}

/// <summary>
/// <c>GET /api/runs/{id}</c>: the run, its parameters, each of its tasks and the run's context; the run
/// it reruns (<see cref="RerunOf"/>, null for none) and the runs that rerun it (<see cref="Reruns"/>, oldest first).
/// </summary>
public sealed record RunDetail(
    string RunId,
    string Dag,
    string Trigger,
    string State,
    DateTime Started,
    DateTime? Finished,
    double? DurationSeconds,
    string? Reason,
    IReadOnlyDictionary<string, string> Parameters,
    DateTime? LogicalTime,
    IReadOnlyList<RunTaskItem> Tasks,
    IReadOnlyDictionary<string, string> Context,
    string? RerunOf = null,
    IReadOnlyList<string>? Reruns = null)
{
    public static RunDetail Of(RunSummary run, Redactor secrets) => new(run.RunId, run.Dag, run.Trigger, StatusNames.Of(run.Status),
        run.CreatedAt.UtcDateTime, run.FinishedAt?.UtcDateTime, run.Duration?.TotalSeconds, run.Reason,
        RunParameterView.Of(run, secrets), run.LogicalTime?.UtcDateTime,
        run.Tasks.Select(RunTaskItem.Of).ToList(), run.Context ?? new Dictionary<string, string>(),
        run.RerunOf, run.Reruns ?? []);
}

/// <summary>
/// A run's parameters as the API shows them: as recorded, but a value that contains the value of a
/// secret (of the secrets file, or the api_token) has it masked, in case a caller passed one as a parameter.
/// </summary>
public static class RunParameterView
{
    public static IReadOnlyDictionary<string, string> Of(RunSummary run, Redactor secrets) =>
        (run.Parameters ?? new Dictionary<string, string>()).ToDictionary(pair => pair.Key, pair => secrets.Redact(pair.Value), StringComparer.Ordinal);
}

/// <summary>
/// One task of a run: its latest state, how many attempts started, and the latest exit code.
/// <see cref="Reused"/>: a rerun kept how the task ended in the run it reruns (it did not run).
/// </summary>
public sealed record RunTaskItem(
    string Name,
    string State,
    int Attempts,
    int? ExitCode,
    DateTime? Started,
    DateTime? Finished,
    double? DurationSeconds,
    string? Reason,
    bool Reused = false)
{
    public static RunTaskItem Of(TaskSummary task) => new(task.Name, StatusNames.Of(task.Status), task.Attempts, task.ExitCode,
        task.StartedAt?.UtcDateTime, task.FinishedAt?.UtcDateTime, task.Duration?.TotalSeconds, task.Reason, task.Reused);
}

/// <summary>202 to a trigger that started a run.</summary>
public sealed record TriggerStarted(string RunId, string Dag);

/// <summary>202 to a trigger that waits behind an active run (overlap = queue); 1 = next.</summary>
public sealed record TriggerWaiting(int Queued, string Dag);

/// <summary>202 to a cancel: the run is stopping (its tasks get SIGTERM).</summary>
public sealed record CancelAccepted(string RunId, string State);
