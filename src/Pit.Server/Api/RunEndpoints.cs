using System.Globalization;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pit.Engine.Persistence;
using Pit.Engine.Persistence.ReadModels;
using Pit.Engine.Protocol;
using Pit.Engine.Runs;

namespace Pit.Server.Api;

/// <summary>
/// <c>GET /api/runs</c>, <c>GET /api/runs/{id}</c>, <c>POST /api/runs/{id}/cancel</c> and
/// <c>POST /api/runs/{id}/rerun</c>: the run history (the journal's projection), stopping a run
/// this service is running, and rerunning an ended run.
/// </summary>
public static class RunEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <summary>The reason a cancelled run records when the API stopped it.</summary>
    public const string CancelReason = "cancelled through the API";

    private static readonly string[] States =
        Enum.GetValues<RunStatus>().Select(StatusNames.Of).ToArray();

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/api/runs", ListAsync);
        api.MapGet("/api/runs/{id}", GetAsync);
        api.MapPost("/api/runs/{id}/cancel", CancelAsync);
        api.MapPost("/api/runs/{id}/rerun", RerunAsync);
    }

    /// <summary>
    /// <c>?dag=</c> one DAG's runs, <c>?state=</c> in one state, <c>?before=</c> older than a run (its id:
    /// the last one of the previous page) or a moment (ISO-8601), <c>?limit=</c> at most so many
    /// (default 50, at most 500).
    /// </summary>
    private static async Task<IResult> ListAsync(HttpRequest request, ApiBackend api, CancellationToken cancel)
    {
        var dag = Single(request, "dag");
        var state = Single(request, "state");
        var limitText = Single(request, "limit");
        var beforeText = Single(request, "before");
        if (state is not null && !States.Contains(state))
            return ApiErrors.BadRequest($"unknown state '{state}'; states: {string.Join(", ", States)}");
        var limit = DefaultLimit;
        if (limitText is not null
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            return ApiErrors.BadRequest($"limit must be a whole number from 1 to {MaxLimit}, got '{limitText}'");
        RunCursor? before = null;
        if (beforeText is not null && RunCursor.TryParseTime(beforeText, out var time)) before = RunCursor.Before(time);
        else if (beforeText is not null && RunIds.TryDagOf(beforeText, out _))
        {
            // Another DAG's run (with ?dag=) or one no longer in the history still marks a place.
            var run = await api.History.GetAsync(beforeText, cancel);
            before = run is null ? RunCursor.BeforeId(beforeText) : RunCursor.Before(run);
        }
        else if (beforeText is not null)
            return ApiErrors.BadRequest(
                $"before must be a run id (e.g. 20250314_093000.125_etl, the last run of the previous page) or an ISO-8601 time (e.g. 2025-03-14T09:30:00Z; write + as %2B), got '{beforeText}'");

        var runs = await api.History.ReadAsync(connection => RunQueries.List(connection, dag, state, before, limit, withTasks: false), cancel);
        var shown = runs.Select(r => RunItem.Of(r, api.Secrets)).ToList();
        return Results.Json(new RunList(shown), ApiJson.Readable.RunList);
    }

    private static async Task<IResult> GetAsync(string id, ApiBackend api, CancellationToken cancel)
    {
        var run = RunIds.TryDagOf(id, out _) ? await api.History.GetAsync(id, cancel) : null;
        return run is null ? UnknownRun(id) : Results.Json(RunDetail.Of(run, api.Secrets), ApiJson.Readable.RunDetail);
    }

    /// <summary>
    /// 202 once the run was told to stop (its tasks get SIGTERM, then SIGKILL after kill_grace; the
    /// run is recorded as cancelled); 404 for a run the history does not hold; 409 for a run that
    /// already finished, or one recorded as running that this service does not run.
    /// </summary>
    private static async Task<IResult> CancelAsync(string id, ApiBackend api, CancellationToken cancel)
    {
        var recorded = RunIds.TryDagOf(id, out _) ? await api.History.GetAsync(id, cancel) : null;
        if (recorded is null) return UnknownRun(id);
        if (recorded.Status != RunStatus.Running) return Finished(recorded);

        object reply;
        try
        {
            reply = await api.Runs.Ask<object>(new DagRunCommands.GetRunState(id), ApiBackend.QueryTimeout, cancel);
        }
        catch (AskTimeoutException)
        {
            // A run that just finished stops its actor: the question can fall between the two.
            reply = new DagRunCommands.RunNotFound(id);
        }
        if (reply is DagRunState { IsFinished: false })
        {
            api.Runs.Tell(new DagRunCommands.CancelRun(id, CancelReason));
            return Results.Json(new CancelAccepted(id, "cancelling"), ApiJson.Readable.CancelAccepted, statusCode: StatusCodes.Status202Accepted);
        }
        var now = await api.History.GetAsync(id, cancel) ?? recorded;
        if (now.Status != RunStatus.Running) return Finished(now);
        return ApiErrors.Result(StatusCodes.Status409Conflict, "not_active",
            $"run '{id}' is recorded as running, but this pit serve is not running it (it was started by another Pit process, or interrupted)");
    }

    /// <summary>
    /// Body <c>{"mode":"all"|"failed"|"from"|"task","task":"…"}</c> (no body: <c>all</c>). 202 with
    /// <c>{"run_id","dag"}</c> (or <c>{"queued","dag"}</c> behind an active run); 400 for a bad body; 404
    /// <c>unknown_run</c> or <c>unknown_task</c> (with the run's tasks); 409 <c>run_active</c> for a run
    /// still running, <c>not_rerunnable</c> when its snapshot was deleted or nothing failed, or as a trigger is refused.
    /// </summary>
    private static async Task<IResult> RerunAsync(string id, HttpRequest request, ApiBackend api, CancellationToken cancel)
    {
        var (order, problem) = await RerunBody.ReadAsync(id, request, cancel);
        if (problem is not null) return problem;
        var reply = await api.Scheduler.Ask<object>(new SchedulerCommands.Rerun(order!), ApiBackend.TriggerTimeout, cancel);
        return reply switch
        {
            SchedulerCommands.TriggerRejected { Kind: SchedulerCommands.RejectionKind.UnknownRun } => UnknownRun(id),
            SchedulerCommands.TriggerRejected { Kind: SchedulerCommands.RejectionKind.UnknownTask } rejected =>
                ApiErrors.Result(StatusCodes.Status404NotFound, "unknown_task", rejected.Reason, rejected.Known),
            SchedulerCommands.TriggerRejected { Kind: SchedulerCommands.RejectionKind.RunActive } rejected =>
                ApiErrors.Result(StatusCodes.Status409Conflict, "run_active", rejected.Reason),
            SchedulerCommands.TriggerRejected { Kind: SchedulerCommands.RejectionKind.NotRerunnable } rejected =>
                ApiErrors.Result(StatusCodes.Status409Conflict, "not_rerunnable", rejected.Reason),
            _ => DagEndpoints.Answer(RunIds.TryDagOf(id, out var dag) ? dag : id, reply),
        };
    }

    private static IResult Finished(RunSummary run) =>
        ApiErrors.Result(StatusCodes.Status409Conflict, "run_finished", $"run '{run.RunId}' already finished ({StatusNames.Of(run.Status)})");

    private static IResult UnknownRun(string id) =>
        ApiErrors.Result(StatusCodes.Status404NotFound, "unknown_run", $"no run '{id}' in the run history");

    /// <summary>A query parameter's value; absent and empty are the same.</summary>
    private static string? Single(HttpRequest request, string key) =>
        request.Query.TryGetValue(key, out var values) && values.ToString() is { Length: > 0 } value ? value : null;
}
