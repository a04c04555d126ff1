using Pit.Core.Dags;
using Pit.Core.Time;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;

namespace Pit.Server.Api;

/// <summary><c>GET /api/dags</c>: every DAG the scheduler knows, and the projects it could not load.</summary>
public sealed record DagList(IReadOnlyList<DagItem> Dags, IReadOnlyList<string> InvalidProjects)
{
    /// <summary>Projects whose pit.toml failed the last reload: each still runs its last valid version.</summary>
    public IReadOnlyList<string> ReloadErrors { get; init; } = [];
}

/// <summary><c>POST /api/dags/{name}/pause|resume</c>: the DAG's schedule state now; <see cref="Changed"/> is false when it already was.</summary>
public sealed record PauseState(string Dag, bool Paused, bool Changed);

/// <summary>One DAG: its schedule (<see cref="NextFire"/> in UTC), what runs now, and its latest run.</summary>
public sealed record DagItem(
    string Name,
    string? Schedule,
    string? Timezone,
    DateTime? NextFire,
    string Overlap,
    IReadOnlyList<string> ActiveRuns,
    int Queued,
    RunBrief? LastRun,
    bool Paused)
{
    public static DagItem Of(SchedulerQueries.DagSchedule dag, RunSummary? lastRun) => new(dag.Dag, dag.Schedule, dag.Timezone,
        dag.NextFire?.UtcDateTime, Words.Of(dag.Overlap), dag.ActiveRuns, dag.Queued, RunBrief.Of(lastRun), dag.Paused);
}

/// <summary>A run in a few words (a DAG's latest run).</summary>
public sealed record RunBrief(string RunId, string State, DateTime Started, DateTime? Finished)
{
    public static RunBrief? Of(RunSummary? run) =>
        run is null ? null : new(run.RunId, StatusNames.Of(run.Status), run.CreatedAt.UtcDateTime, run.FinishedAt?.UtcDateTime);
}

/// <summary>
/// <c>GET /api/dags/{name}</c>: the DAG as its pit.toml declares it, with its schedule state.
/// An invalid project has <see cref="Errors"/> and no tasks.
/// </summary>
public sealed record DagDetail(
    string Name,
    string? File,
    bool Valid,
    IReadOnlyList<string> Errors,
    string? Schedule,
    string? Timezone,
    DateTime? NextFire,
    string? Overlap,
    string? Catchup,
    string? Timeout,
    int? MaxActiveTasks,
    IReadOnlyList<string> ActiveRuns,
    int Queued,
    RunBrief? LastRun,
    IReadOnlyList<TaskItem> Tasks)
{
    /// <summary>The DAG's schedule does not fire (<c>POST /api/dags/{name}/pause</c>).</summary>
    public bool Paused { get; init; }
}

/// <summary>One task of a DAG; durations in pit.toml's notation (<c>30s</c>, <c>1h30m</c>).</summary>
public sealed record TaskItem(
    string Name,
    string Runner,
    string? Script,
    IReadOnlyList<string> DependsOn,
    string Condition,
    string? Timeout,
    int Retries,
    string? RetryDelay,
    string? Pool)
{
    public static TaskItem Of(TaskDefinition task) => new(task.Name, task.Runner.ToString(), task.Script, task.DependsOn,
        Words.Of(task.Condition), Words.Duration(task.Timeout), task.Retries,
        task.RetryDelay == TimeSpan.Zero ? null : DurationText.Format(task.RetryDelay), task.Pool);
}

/// <summary>Enum values as pit.toml spells them (<c>all_success</c>, <c>skip</c>), durations as <c>1h30m</c>.</summary>
internal static class Words
{
    public static string Of<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static string? Duration(TimeSpan? value) => value is { } v ? DurationText.Format(v) : null;
}
