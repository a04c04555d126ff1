using Akka.Actor;
using Akka.Hosting;
using Akka.Pattern;
using Akka.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pit.Core.Secrets;
using Pit.Core.Workspace;
using Pit.Engine.Actors;
using Pit.Engine.Notifications;
using Pit.Engine.Persistence;
using Pit.Engine.Runners;
using Pit.Engine.Runs;
using Pit.Engine.Scheduling;
using Pit.Engine.Streams;

namespace Pit.Engine.Hosting;

/// <summary>
/// Pit's actor system, built by Akka.Hosting: code defaults, then <c>akka.hocon</c> over them,
/// persistence on the workspace's metadata database, and the actor tree under <c>/user/pit</c>.
/// <c>pit run</c> starts it in-process (<see cref="StartAsync"/>, no schedule fires); <c>pit serve</c>
/// hosts the same tree with the Scheduler firing cron schedules (<see cref="StartServiceAsync"/>).
/// </summary>
public sealed class PitEngine : IAsyncDisposable
{
    private readonly IHost _host;

    private PitEngine(IHost host, ActorSystem system, PitGuardianActor.Children? actors, LiveLog? live)
    {
        _host = host;
        System = system;
        Actors = actors;
        Live = live;
    }

    public ActorSystem System { get; }

    /// <summary>The catalog, scheduler and run registry; null for a read-only engine.</summary>
    public PitGuardianActor.Children? Actors { get; }

    /// <summary>Every task's output lines as they happen; null for a read-only engine.</summary>
    public LiveLog? Live { get; }

    /// <summary>
    /// Starts the engine with its actors, ready to run DAGs of <paramref name="workspace"/> with
    /// <paramref name="secrets"/> behind the SDK socket, on triggers only: no schedule fires (<c>pit run</c>).
    /// </summary>
    public static Task<PitEngine> StartAsync(Workspace workspace, SecretsFile? secrets = null, CancellationToken cancel = default) =>
        StartAsync(workspace, SchedulerOptions.RunOnly, notifier: null, secrets ?? SecretsFile.None, cancel);

    /// <summary>
    /// Starts the engine as a service (<c>pit serve</c>): the same actors, the Scheduler fires every
    /// valid DAG's cron schedule, and a Notifier sends the DAGs' <c>[dag.notify]</c> notifications.
    /// Send <see cref="Protocol.SchedulerCommands.StopTriggers"/> to the Scheduler before disposing,
    /// so no new run starts while the service stops.
    /// </summary>
    /// <param name="notifier">How notifications go out (the link to a run, retries); null for the defaults, without links.</param>
    /// <param name="hocon">Settings of the service itself (its logger), over everything else.</param>
    public static Task<PitEngine> StartServiceAsync(Workspace workspace, SecretsFile? secrets = null, NotifierOptions? notifier = null, string? hocon = null, CancellationToken cancel = default) =>
        StartAsync(workspace, SchedulerOptions.Service with { MaxActiveRuns = workspace.Config.MaxActiveRuns }, notifier ?? new NotifierOptions(), secrets ?? SecretsFile.None, cancel, hocon);

    /// <summary>Starts only the actor system and persistence: for reading history (status, logs).</summary>
    public static Task<PitEngine> StartReadOnlyAsync(Workspace workspace, CancellationToken cancel = default) =>
        StartAsync(workspace, scheduler: null, notifier: null, SecretsFile.None, cancel);

    /// <param name="scheduler">How the Scheduler behaves; null for a read-only engine (no actors).</param>
    /// <param name="notifier">How the Notifier sends; null for no notifications.</param>
    private static async Task<PitEngine> StartAsync(Workspace workspace, SchedulerOptions? scheduler, NotifierOptions? notifier, SecretsFile secrets, CancellationToken cancel, string? hocon = null)
    {
        var withActors = scheduler is not null;
        LiveLog? live = null;
        // Opening the database and writing the first event are slow the first time (native SQLite,
        // linq2db's provider, the events' JSON metadata): do both on another core while the actor system is built.
        _ = Task.Run(() =>
        {
            PersistenceHosting.Preload(workspace.Config.MetadataDb);
            PitEventSerializer.WarmUp();
        }, cancel);
        var builder = new HostBuilder().ConfigureServices(services => services.AddAkka("pit", (akka, _) =>
        {
            akka.AddHocon(EngineDefaults.Hocon, HoconAddMode.Append);
            akka.WithPitPersistence(workspace.Config.MetadataDb);
            // Last, so the user's akka.hocon overrides everything set in code.
            if (EngineDefaults.HoconFile() is { } file) akka.AddHoconFile(file, HoconAddMode.Prepend);
            if (hocon is not null) akka.AddHocon(hocon, HoconAddMode.Prepend);
            if (scheduler is not { } options) return;
            akka.WithActors((system, registry) =>
            {
                JournalWarmUp.Start(system);
                var materializer = system.Materializer();
                live = new LiveLog(materializer);
                var executor = new RoutingTaskExecutor(new ProcessTaskExecutor(materializer, live), new SqlTaskExecutor(live), new DataTaskExecutor(live));
                var environment = new RunEnvironment(workspace.Root, workspace.Config, executor) { Secrets = secrets, Materializer = materializer };
                registry.Register<PitGuardianActor>(system.ActorOf(PitGuardianActor.Props(workspace, environment, options, notifier), "pit"));
            });
        }));
        var host = builder.Build();
        await host.StartAsync(cancel);
        var system = host.Services.GetRequiredService<ActorSystem>();
        PitGuardianActor.Children? actors = null;
        if (withActors)
        {
            var guardian = await host.Services.GetRequiredService<ActorRegistry>().GetAsync<PitGuardianActor>(cancel);
            actors = await guardian.Ask<PitGuardianActor.Children>(new PitGuardianActor.GetChildren(), TimeSpan.FromSeconds(30), cancel);
            // An actor answers Identify only after its PreStart: once all three have, the control
            // palettes they register (dag, scheduler, run) are there for the first command. The
            // scheduler is the child of its supervisor (SchedulerActor.Supervised), which starts it.
            var schedulerNow = await actors.Scheduler.Ask<BackoffSupervisor.CurrentChild>(BackoffSupervisor.GetCurrentChild.Instance, TimeSpan.FromSeconds(30), cancel);
            await Task.WhenAll(new[] { actors.Catalog, schedulerNow.Ref, actors.Runs }
                .Select(actor => actor.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(30), cancel)));
        }
        return new PitEngine(host, system, actors, live);
    }

    public async ValueTask DisposeAsync()
    {
        Live?.Complete();
        await _host.StopAsync();
        _host.Dispose();
    }
}
