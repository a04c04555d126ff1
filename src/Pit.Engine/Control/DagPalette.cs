using System.Text.Json.Nodes;
using Akka.Actor;
using Pit.Engine.Persistence;
using Pit.Engine.Persistence.ReadModels;
using Pit.Engine.Protocol;

namespace Pit.Engine.Control;

/// <summary>
/// <c>dag ls | trigger | pause | resume | next | backfill</c>, registered by the Scheduler: each command is a
/// message to it (a trigger is recorded with the trigger name <c>ctl</c>); <c>ls</c> adds each DAG's
/// latest run from the run history; <c>backfill</c> is <see cref="DagBackfill"/>.
/// </summary>
public static class DagPalette
{
    public const string Name = "dag";

    public const int DefaultNext = 5;
    public const int MaxNext = 100;

    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A trigger asks the catalog and the run registry in turn: it gets longer.</summary>
    private static readonly TimeSpan TriggerTimeout = TimeSpan.FromSeconds(60);

    private static readonly ControlArg Dag = new("dag", "a DAG name", Values: ControlValues.Dags);

    /// <param name="history">The read models, opened when first needed.</param>
    /// <param name="backfill">The <c>backfill</c> command (<see cref="DagBackfill.Command"/>), or null for none.</param>
    public static ControlPalette For(IActorRef scheduler, Func<RunReadModel> history, ControlCommand? backfill = null) => new(Name, "DAGs: list, trigger, pause, resume, next fire times, backfill",
    [
        .. Commands(scheduler, history),
        .. backfill is null ? [] : new[] { backfill },
    ]);

    private static ControlCommand[] Commands(IActorRef scheduler, Func<RunReadModel> history) =>
    [
        new("ls", "every DAG: schedule, next fire, paused, active and queued runs, last run", call => ListAsync(scheduler, history(), call)),
        new("trigger", "start a run now (trigger ctl); key=value words are its parameters", call => TriggerAsync(scheduler, call),
            [Dag, new("params", "the run's parameters, as key=value", Required: false, Many: true)]),
        new("pause", "stop firing the DAG's schedule (runs already started go on)",
            call => PauseAsync(scheduler, new SchedulerCommands.PauseDag(call.Args.Require(Dag.Name)), call), [Dag]),
        new("resume", "fire the DAG's schedule again, from its next occurrence",
            call => PauseAsync(scheduler, new SchedulerCommands.ResumeDag(call.Args.Require(Dag.Name)), call), [Dag]),
        new("next", $"the DAG's next fire times (UTC; {DefaultNext} unless -n says)", call => NextAsync(scheduler, call), [Dag],
            [new("count", $"how many fire times, 1 to {MaxNext}", Short: 'n')]),
    ];

    /// <summary>The DAG names, for completion.</summary>
    public static async Task<IReadOnlyList<string>> NamesAsync(IActorRef scheduler, CancellationToken cancel)
    {
        var dags = await scheduler.Ask<SchedulerQueries.DagSchedules>(new SchedulerQueries.GetDags(), QueryTimeout, cancel);
        return dags.Dags.Select(d => d.Dag).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The error reply for a refused trigger (or pause, or next) of <c>dag</c>.</summary>
    public static ControlException Refused(SchedulerCommands.TriggerRejected rejected) => rejected.Kind switch
    {
        SchedulerCommands.RejectionKind.UnknownDag =>
            ControlException.NotFound($"{rejected.Reason}; known DAGs: {(rejected.Known.Count == 0 ? "none" : string.Join(", ", rejected.Known))}", rejected.Known),
        SchedulerCommands.RejectionKind.UnknownTask => ControlException.NotFound(rejected.Reason, rejected.Known),
        SchedulerCommands.RejectionKind.UnknownRun => ControlException.NotFound(rejected.Reason),
        SchedulerCommands.RejectionKind.RunActive => new("run_active", rejected.Reason),
        SchedulerCommands.RejectionKind.NotRerunnable => new("not_rerunnable", rejected.Reason),
        SchedulerCommands.RejectionKind.Overlap => new("overlap", rejected.Reason),
        SchedulerCommands.RejectionKind.ShuttingDown => new("shutting_down", rejected.Reason),
        SchedulerCommands.RejectionKind.InvalidProject => new("invalid_project", rejected.Reason),
        SchedulerCommands.RejectionKind.RequirementsUnmet => new("requirements_unmet", rejected.Reason),
        _ => new("not_started", rejected.Reason),
    };

    private static async Task<JsonNode?> ListAsync(IActorRef scheduler, RunReadModel history, ControlCall call)
    {
        var dags = await scheduler.Ask<SchedulerQueries.DagSchedules>(new SchedulerQueries.GetDags(), QueryTimeout, call.Cancel);
        var latest = (await history.ReadAsync(connection => RunQueries.Summaries(connection, null, RunHistory.DefaultRecent), call.Cancel)).ToDictionary(s => s.Dag, s => s.LastRun, StringComparer.Ordinal);
        return ControlJson.Array(dags.Dags.OrderBy(d => d.Dag, StringComparer.Ordinal).Select(dag =>
        {
            var last = latest.GetValueOrDefault(dag.Dag);
            return (JsonNode?)new JsonObject
            {
                ["dag"] = dag.Dag,
                ["schedule"] = dag.Schedule,
                ["next_fire"] = ControlJson.Time(dag.NextFire),
                ["paused"] = dag.Paused,
                ["active_runs"] = dag.ActiveRuns.Count,
                ["queued"] = dag.Queued,
                ["last_run"] = last?.RunId,
                ["last_state"] = last is null ? null : StatusNames.Of(last.Status),
            };
        }));
    }

    private static async Task<JsonNode?> TriggerAsync(IActorRef scheduler, ControlCall call)
    {
        var dag = call.Args.Require(Dag.Name);
        var parameters = TriggerParameters.Parse(call.Args.All("params"));
        var reply = await scheduler.Ask<object>(new SchedulerCommands.TriggerRun(dag, null, TriggerNames.Control, parameters), TriggerTimeout, call.Cancel);
        return reply switch
        {
            SchedulerCommands.TriggerAccepted accepted => new JsonObject { ["run_id"] = accepted.RunId, ["dag"] = accepted.Dag },
            SchedulerCommands.TriggerQueued queued => new JsonObject { ["queued"] = queued.Position, ["dag"] = queued.Dag },
            SchedulerCommands.TriggerRejected rejected => throw Refused(rejected),
            _ => throw new ControlException("internal", $"the scheduler answered {reply.GetType().Name}"),
        };
    }

    private static async Task<JsonNode?> PauseAsync(IActorRef scheduler, object command, ControlCall call)
    {
        var reply = await scheduler.Ask<object>(command, QueryTimeout, call.Cancel);
        return reply switch
        {
            SchedulerCommands.PauseChanged changed => new JsonObject { ["dag"] = changed.Dag, ["paused"] = changed.Paused, ["changed"] = changed.Changed },
            SchedulerCommands.TriggerRejected rejected => throw Refused(rejected),
            _ => throw new ControlException("internal", $"the scheduler answered {reply.GetType().Name}"),
        };
    }

    private static async Task<JsonNode?> NextAsync(IActorRef scheduler, ControlCall call)
    {
        var dag = call.Args.Require(Dag.Name);
        var count = call.Args.Int("count", DefaultNext, min: 1, max: MaxNext);
        var reply = await scheduler.Ask<object>(new SchedulerQueries.GetNextFires(dag, count), QueryTimeout, call.Cancel);
        return reply switch
        {
            SchedulerQueries.NextFires next => new JsonObject
            {
                ["dag"] = next.Dag,
                ["schedule"] = next.Schedule,
                ["timezone"] = next.Timezone,
                ["paused"] = next.Paused,
                ["next"] = ControlJson.Array(next.Next.Select(at => ControlJson.Time(at))),
            },
            SchedulerCommands.TriggerRejected rejected => throw Refused(rejected),
            _ => throw new ControlException("internal", $"the scheduler answered {reply.GetType().Name}"),
        };
    }
}
