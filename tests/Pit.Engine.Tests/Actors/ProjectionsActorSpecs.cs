using Akka.Actor;
using Akka.TestKit;
using Pit.Engine.Actors;
using Pit.Engine.Persistence.ReadModels;
using Pit.Engine.Protocol;
using Pit.Engine.Tests.Persistence;
using Pit.Engine.Tests.Persistence.ReadModels;

namespace Pit.Engine.Tests.Actors;

/// <summary>The projections actor keeping the read models up to date from the live tag stream of a real journal.</summary>
public sealed class ProjectionsActorSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Patience = RunHistoryReaderSpecs.Patience;

    private readonly TempFolder _folder = new();
    private PersistenceHost _host = null!;

    public async Task InitializeAsync() => _host = await PersistenceHost.StartAsync(_folder.Db);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>What the tables say now, without catching up: only the actor writes them here.</summary>
    private static RunStatus? StateInTables(RunReadModel model, string runId)
    {
        using var db = model.Connect();
        return RunQueries.Get(db, runId)?.Status;
    }

    [Fact]
    public async Task Events_already_in_the_journal_and_events_written_later_reach_the_tables()
    {
        var runs = MixedRuns.Runs();
        await _host.WriteAsync(runs[0]);
        var model = ReadModelExtension.For(_host.System);
        var probe = _host.Probe();

        var projections = _host.System.ActorOf(ProjectionsActor.Props(model), "projections");
        await probe.AwaitAssertAsync(() => Assert.Equal(RunStatus.Succeeded, StateInTables(model, MixedRuns.Retried)), Patience);

        await _host.WriteAsync(runs[3]);
        await probe.AwaitAssertAsync(() => Assert.Equal(RunStatus.Running, StateInTables(model, MixedRuns.Running)), Patience);
        await _host.WriteAsync([new RunEvents.TaskSucceeded(MixedRuns.Running, "render", 1, MixedRuns.T0.AddHours(1)),
            new RunEvents.RunFinished(MixedRuns.Running, RunStatus.Succeeded, null, MixedRuns.T0.AddHours(1))]);
        await probe.AwaitAssertAsync(() => Assert.Equal(RunStatus.Succeeded, StateInTables(model, MixedRuns.Running)), Patience);

        var offset = await projections.Ask<ProjectionsActor.Offset>(new ProjectionsActor.GetOffset(), Patience);
        Assert.Equal(runs[0].Count + runs[3].Count + 2, offset.Value);
        using var db = model.Connect();
        Assert.Equal(runs[0].Count + runs[3].Count + 2, RunQueries.History(db, new HistoryFilter()).Count);
    }
}
