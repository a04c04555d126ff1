using Akka.Actor;
using Pit.Core.Secrets;
using Pit.Core.Workspace;
using Pit.Engine.Hosting;
using Pit.Engine.Persistence;
using Pit.Engine.Persistence.ReadModels;
using Pit.Engine.Protocol;
using Pit.Engine.Sdk;
using Pit.Engine.Streams;

namespace Pit.Server.Api;

/// <summary>
/// What the endpoints talk to: the engine's catalog, scheduler and run registry, the read models
/// (the journal's projections), the task logs, and the workspace <c>pit serve</c> started on.
/// </summary>
public sealed class ApiBackend
{
    /// <summary>How long a question to an actor may take before the request gets a 504.</summary>
    public static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A trigger asks the catalog and the run registry in turn: give it longer.</summary>
    public static readonly TimeSpan TriggerTimeout = TimeSpan.FromSeconds(60);

    /// <param name="secrets">The service's secrets: a run parameter that contains one of their values is masked in answers.</param>
    public ApiBackend(PitEngine engine, Workspace workspace, DateTimeOffset startedAt, SecretsFile? secrets = null)
    {
        var actors = engine.Actors ?? throw new ArgumentException("pit serve needs an engine with its actors", nameof(engine));
        Catalog = actors.Catalog;
        Scheduler = actors.Scheduler;
        Runs = actors.Runs;
        History = ReadModelExtension.For(engine.System);
        Logs = new TaskLogFollower(engine.System, History.GetAsync);
        Workspace = workspace;
        StartedAt = startedAt;
        Secrets = Redactor.Of(secrets ?? SecretsFile.None, workspace.Config.ApiToken);
    }

    public IActorRef Catalog { get; }

    public IActorRef Scheduler { get; }

    public IActorRef Runs { get; }

    /// <summary>The read models (runs, task instances), caught up from the journal before each read.</summary>
    public RunReadModel History { get; }

    /// <summary>Follows a task's log until the task settles (<c>GET /api/runs/{id}/tasks/{task}/logs?follow=true</c>).</summary>
    public TaskLogFollower Logs { get; }

    /// <summary>Masks secret values in what the API shows of runs (their parameters).</summary>
    public Redactor Secrets { get; }

    public Workspace Workspace { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Every DAG the scheduler knows, with its schedule and active runs.</summary>
    public Task<SchedulerQueries.DagSchedules> DagsAsync(CancellationToken cancel) =>
        Scheduler.Ask<SchedulerQueries.DagSchedules>(new SchedulerQueries.GetDags(), QueryTimeout, cancel);

    /// <summary>The latest run of each DAG that has run, by DAG name.</summary>
    public async Task<Dictionary<string, RunSummary>> LatestRunsAsync(string? dag, CancellationToken cancel)
    {
        var summaries = await History.ReadAsync(connection => RunQueries.Summaries(connection, dag, RunHistory.DefaultRecent), cancel);
        return summaries.ToDictionary(s => s.Dag, s => s.LastRun, StringComparer.Ordinal);
    }
}
