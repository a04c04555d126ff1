using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pit.Engine.Protocol;

namespace Pit.Server.Api;

/// <summary>
/// <c>GET /api/dags</c>, <c>GET /api/dags/{name}</c>, <c>POST /api/dags/{name}/trigger</c> and
/// <c>POST /api/dags/{name}/pause|resume</c>: what the scheduler knows of each DAG, a DAG's tasks,
/// starting a run (trigger name <c>api</c>), and stopping or restarting its schedule.
/// </summary>
public static class DagEndpoints
{
    /// <summary>The trigger name runs started through the API are recorded with.</summary>
    public const string TriggerName = "api";

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/api/dags", ListAsync);
        api.MapGet("/api/dags/{name}", GetAsync);
        api.MapPost("/api/dags/{name}/trigger", TriggerAsync);
        api.MapPost("/api/dags/{name}/pause", (string name, ApiBackend backend, CancellationToken cancel) =>
            PauseAsync(backend, new SchedulerCommands.PauseDag(name), name, cancel));
        api.MapPost("/api/dags/{name}/resume", (string name, ApiBackend backend, CancellationToken cancel) =>
            PauseAsync(backend, new SchedulerCommands.ResumeDag(name), name, cancel));
    }

    /// <summary>200 with <c>{"dag","paused","changed"}</c>; 404 for an unknown DAG.</summary>
    private static async Task<IResult> PauseAsync(ApiBackend api, object command, string name, CancellationToken cancel)
    {
        var reply = await api.Scheduler.Ask<object>(command, ApiBackend.QueryTimeout, cancel);
        return reply switch
        {
            SchedulerCommands.PauseChanged changed => Results.Json(new PauseState(changed.Dag, changed.Paused, changed.Changed), ApiJson.Readable.PauseState),
            SchedulerCommands.TriggerRejected rejected => Rejection(name, rejected),
            _ => ApiErrors.Result(StatusCodes.Status500InternalServerError, "internal", $"the scheduler answered {reply.GetType().Name}"),
        };
    }

    private static async Task<IResult> ListAsync(ApiBackend api, CancellationToken cancel)
    {
        var dags = await api.DagsAsync(cancel);
        var latest = await api.LatestRunsAsync(null, cancel);
        var items = dags.Dags.OrderBy(d => d.Dag, StringComparer.Ordinal)
            .Select(d => DagItem.Of(d, latest.GetValueOrDefault(d.Dag)))
            .ToList();
        return Results.Json(new DagList(items, dags.InvalidProjects) { ReloadErrors = dags.ReloadErrors }, ApiJson.Readable.DagList);
    }

    private static async Task<IResult> GetAsync(string name, ApiBackend api, CancellationToken cancel)
    {
        var lookup = await api.Catalog.Ask<CatalogQueries.DagLookup>(new CatalogQueries.GetDag(name), ApiBackend.QueryTimeout, cancel);
        if (lookup.Dag is null && lookup.Errors.Count == 0) return UnknownDag(name, lookup.KnownDags);
        var schedule = (await api.DagsAsync(cancel)).Dags.FirstOrDefault(d => d.Dag == name);
        var lastRun = RunBrief.Of((await api.LatestRunsAsync(name, cancel)).GetValueOrDefault(name));
        var activeRuns = schedule?.ActiveRuns ?? [];
        var queued = schedule?.Queued ?? 0;
        if (lookup.Dag is not { } dag)
        {
            var file = api.Workspace.FindProject(name)?.File;
            return Results.Json(new DagDetail(name, file, false, lookup.Errors, null, null, null, null, null, null, null,
                activeRuns, queued, lastRun, []) { Paused = schedule?.Paused ?? false }, ApiJson.Readable.DagDetail);
        }
        var detail = new DagDetail(
            dag.Name,
            dag.File,
            true,
            [],
            dag.Schedule?.Text,
            dag.Timezone,
            schedule?.NextFire?.UtcDateTime,
            Words.Of(dag.Overlap),
            Words.Of(dag.Catchup),
            Words.Duration(dag.Timeout),
            dag.MaxActiveTasks,
            activeRuns,
            queued,
            lastRun,
            dag.Tasks.Select(TaskItem.Of).ToList()) { Paused = schedule?.Paused ?? false };
        return Results.Json(detail, ApiJson.Readable.DagDetail);
    }

    private static async Task<IResult> TriggerAsync(string name, HttpRequest request, ApiBackend api, CancellationToken cancel)
    {
        var (parameters, problem) = await TriggerBody.ReadAsync(request, cancel);
        if (problem is not null) return problem;
        var reply = await StartRunAsync(api, name, TriggerName, parameters!, cancel);
        return Answer(name, reply);
    }

    /// <summary>Asks the scheduler to start a run of <paramref name="name"/>; its reply is one of the <c>Trigger…</c> records.</summary>
    internal static Task<object> StartRunAsync(ApiBackend api, string name, string trigger, IReadOnlyDictionary<string, string> parameters, CancellationToken cancel) =>
        api.Scheduler.Ask<object>(new SchedulerCommands.TriggerRun(name, null, trigger, parameters), ApiBackend.TriggerTimeout, cancel);

    /// <summary>
    /// The answer to a trigger: 202 with <c>{"run_id","dag"}</c> or <c>{"queued","dag"}</c>, or why the
    /// scheduler refused (404 <c>unknown_dag</c>, 409 <c>overlap</c>, 503 <c>shutting_down</c>, …).
    /// </summary>
    internal static IResult Answer(string name, object reply) =>
        reply switch
        {
            SchedulerCommands.TriggerAccepted accepted => Results.Json(new TriggerStarted(accepted.RunId, accepted.Dag), ApiJson.Readable.TriggerStarted,
                statusCode: StatusCodes.Status202Accepted),
            SchedulerCommands.TriggerQueued queued => Results.Json(new TriggerWaiting(queued.Position, queued.Dag), ApiJson.Readable.TriggerWaiting,
                statusCode: StatusCodes.Status202Accepted),
            SchedulerCommands.TriggerRejected rejected => Rejection(name, rejected),
            _ => ApiErrors.Result(StatusCodes.Status500InternalServerError, "internal", $"the scheduler answered {reply.GetType().Name}"),
        };

    private static IResult Rejection(string name, SchedulerCommands.TriggerRejected rejected) => rejected.Kind switch
    {
        SchedulerCommands.RejectionKind.UnknownDag => UnknownDag(name, rejected.Known),
        SchedulerCommands.RejectionKind.Overlap => ApiErrors.Result(StatusCodes.Status409Conflict, "overlap", rejected.Reason),
        SchedulerCommands.RejectionKind.ShuttingDown => ApiErrors.Result(StatusCodes.Status503ServiceUnavailable, "shutting_down", rejected.Reason),
        SchedulerCommands.RejectionKind.InvalidProject => ApiErrors.Result(StatusCodes.Status409Conflict, "invalid_project", rejected.Reason),
        SchedulerCommands.RejectionKind.RequirementsUnmet => ApiErrors.Result(StatusCodes.Status409Conflict, "requirements_unmet", rejected.Reason),
        _ => ApiErrors.Result(StatusCodes.Status409Conflict, "not_started", rejected.Reason),
    };

    private static IResult UnknownDag(string name, IReadOnlyList<string> known) =>
        ApiErrors.Result(StatusCodes.Status404NotFound, "unknown_dag",
            $"unknown DAG '{name}'; known DAGs: {(known.Count == 0 ? "none" : string.Join(", ", known))}", known);
}
