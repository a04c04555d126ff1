using System.Text.Json.Nodes;
using Akka.Actor;
using Pit.Engine.Actors;
using Pit.Engine.Protocol;
using Pit.Engine.Scheduling;

namespace Pit.Engine.Control;

/// <summary>
/// <c>dag backfill &lt;dag&gt; --from T --to T [--max-active N] [--dry-run]</c>: one run per occurrence
/// of the DAG's schedule in the range (trigger <c>backfill</c>, the occurrence as logical time),
/// streamed as <see cref="BackfillJson"/> lines until every run ended. A client that goes away (or
/// cancels) stops the backfill from starting further runs; the runs already started go on.
/// </summary>
public static class DagBackfill
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(10);

    /// <param name="maxActiveRuns">The workspace's <c>max_active_runs</c>, which caps <c>--max-active</c>.</param>
    public static ControlCommand Command(ActorSystem system, IActorRef catalog, IActorRef scheduler, int? maxActiveRuns) => new(
        "backfill",
        "a run per occurrence of the DAG's schedule from --from to --to (trigger backfill), followed until all ended",
        call => RunAsync(system, catalog, scheduler, maxActiveRuns, call),
        [new("dag", "a DAG name", Values: ControlValues.Dags)],
        [
            new("from", "the first time of the range: 2025-03-01, 2025-03-01T06:00 (the DAG's zone) or 2025-03-01T06:00:00Z"),
            new("to", "the last time of the range (included), written the same way"),
            new("max-active", $"with overlap = allow, at most so many backfill runs at once (default 1, capped by max_active_runs; at most {BackfillPlan.MaxOccurrences})"),
            new("dry-run", "list the occurrences and start nothing", Flag: true),
        ],
        Streams: true);

    private static async Task<JsonNode?> RunAsync(ActorSystem system, IActorRef catalog, IActorRef scheduler, int? maxActiveRuns, ControlCall call)
    {
        var name = call.Args.Require("dag");
        var from = call.Args.Get("from") ?? throw ControlException.BadArgs($"{call.Args.Command}: --from is required (e.g. --from 2025-03-01)");
        var to = call.Args.Get("to") ?? throw ControlException.BadArgs($"{call.Args.Command}: --to is required (e.g. --to 2025-03-07)");
        int? maxActive = call.Args.Get("max-active") is null ? null : call.Args.Int("max-active", 1, min: 1, max: BackfillPlan.MaxOccurrences);
        var dryRun = call.Args.Flag("dry-run");

        var lookup = await catalog.Ask<CatalogQueries.DagLookup>(new CatalogQueries.GetDag(name), QueryTimeout, call.Cancel);
        if (lookup.Dag is null && lookup.Errors.Count == 0)
            throw ControlException.NotFound($"unknown DAG '{name}'; known DAGs: {(lookup.KnownDags.Count == 0 ? "none" : string.Join(", ", lookup.KnownDags))}", lookup.KnownDags);
        if (lookup.Dag is not { } dag) throw new ControlException("invalid_project", $"DAG '{name}' is invalid:\n" + string.Join("\n", lookup.Errors));
        var plan = BackfillPlan.Make(dag, from, to, maxActive, maxActiveRuns, system.Scheduler.Now);
        if (plan.Error is { } error) throw plan.NoSchedule ? new ControlException("no_schedule", error) : ControlException.BadArgs(error);

        await call.SendAsync(BackfillJson.Plan(dag, plan, dryRun));
        if (dryRun)
        {
            await call.SendAsync(BackfillJson.DryRunEnd(plan.Occurrences.Count));
            return null;
        }
        await foreach (var report in Backfill.RunAsync(system, scheduler, dag.Name, plan.Occurrences, plan.Concurrency, call.Cancel))
        {
            if (call.Cancel.IsCancellationRequested) break;
            await call.SendAsync(BackfillJson.Of(report));
        }
        return null;
    }
}
