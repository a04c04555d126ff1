using System.Text.Json.Nodes;

namespace Pit.Cli.Top;

/// <summary>One DAG of <c>dag ls</c>.</summary>
public sealed record DagRow(
    string Name,
    string? Schedule,
    DateTimeOffset? NextFire,
    bool Paused,
    int ActiveRuns,
    int Queued,
    string? LastRun,
    string? LastState)
{
    public static DagRow From(JsonObject dag) => new(
        TopJson.String(dag, "dag") ?? "?",
        TopJson.String(dag, "schedule"),
        TopJson.Time(dag, "next_fire"),
        TopJson.Flag(dag, "paused"),
        TopJson.Int(dag, "active_runs"),
        TopJson.Int(dag, "queued"),
        TopJson.String(dag, "last_run"),
        TopJson.String(dag, "last_state"));
}

/// <summary>One run of <c>run ls</c>.</summary>
public sealed record RunRow(
    string RunId,
    string Dag,
    string State,
    string? Trigger,
    DateTimeOffset? Started,
    double? DurationSeconds,
    int TasksDone,
    int TasksTotal)
{
    public bool IsActive => State == RunStateNames.Running;

    public bool IsFailure => State is RunStateNames.Failed or RunStateNames.TimedOut;

    public static RunRow From(JsonObject run) => new(
        TopJson.String(run, "run_id") ?? "?",
        TopJson.String(run, "dag") ?? "?",
        TopJson.String(run, "state") ?? "?",
        TopJson.String(run, "trigger"),
        TopJson.Time(run, "started"),
        TopJson.Number(run, "duration_seconds"),
        TopJson.Int(run, "tasks_done"),
        TopJson.Int(run, "tasks_total"));
}

/// <summary>A run with its tasks, from <c>run show &lt;id&gt;</c>.</summary>
public sealed record RunDetail(
    string RunId,
    string Dag,
    string State,
    DateTimeOffset? Started,
    DateTimeOffset? Finished,
    double? DurationSeconds,
    IReadOnlyList<TaskRow> Tasks)
{
    public const string Unknown = "not found";

    /// <summary>A run the service does not know (a wrong id, or one it no longer keeps).</summary>
    public static RunDetail NotFound(string runId) => new(runId, "?", Unknown, null, null, null, []);

    public static RunDetail From(JsonNode? reply)
    {
        var run = TopJson.Object(reply, "run show");
        return new RunDetail(
            TopJson.String(run, "run_id") ?? "?",
            TopJson.String(run, "dag") ?? "?",
            TopJson.String(run, "state") ?? "?",
            TopJson.Time(run, "started"),
            TopJson.Time(run, "finished"),
            TopJson.Number(run, "duration_seconds"),
            TopJson.Objects(run["tasks"], "run show tasks").Select(TaskRow.From).ToList());
    }
}

/// <summary>One task of a run.</summary>
public sealed record TaskRow(string Name, string State, int Attempts, double? DurationSeconds, int? ExitCode)
{
    public static TaskRow From(JsonObject task) => new(
        TopJson.String(task, "name") ?? "?",
        TopJson.String(task, "state") ?? "?",
        TopJson.Int(task, "attempts"),
        TopJson.Number(task, "duration_seconds"),
        TopJson.OptionalInt(task, "exit_code"));
}

/// <summary>The run states the control channel reports (as the HTTP API does).</summary>
public static class RunStateNames
{
    public const string Running = "running";
    public const string Success = "success";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string TimedOut = "timed_out";
}
