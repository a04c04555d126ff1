using Akka.Actor;
using Akka.Hosting;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pit.Engine.Hosting;
using Pit.Engine.Protocol;

namespace Pit.Engine.Tests.Persistence;

/// <summary>A real actor system built by Akka.Hosting with <c>WithPitPersistence</c> on a SQLite file.</summary>
internal sealed class PersistenceHost : IAsyncDisposable
{
    private readonly IHost _host;

    private PersistenceHost(IHost host) => _host = host;

    public ActorSystem System => _host.Services.GetRequiredService<ActorSystem>();

    public static async Task<PersistenceHost> StartAsync(string dbPath, string name = "pit-test")
    {
        var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka(name, builder => builder.WithPitPersistence(dbPath)))
            .Build();
        await host.StartAsync();
        return new PersistenceHost(host);
    }

    public TestProbe Probe() => new(System, new XunitAssertions());

    /// <summary>Persists <paramref name="events"/> (of one run) through a persistent actor, as a DagRun does, and stops it.</summary>
    public async Task WriteAsync(IReadOnlyList<IPitEvent> events)
    {
        var writer = System.ActorOf(RunWriterActor.Props(((IWithRunId)events[0]).RunId));
        await writer.Ask<RunWriterActor.Written>(new RunWriterActor.Write(events), RunHistoryReaderSpecs.Patience);
        await writer.GracefulStop(RunHistoryReaderSpecs.Patience);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}

/// <summary>A temp folder for a metadata db, removed afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pit-persistence-" + Guid.NewGuid().ToString("N")[..12]);

    public string Db => System.IO.Path.Combine(Path, ".pit", "pit.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
