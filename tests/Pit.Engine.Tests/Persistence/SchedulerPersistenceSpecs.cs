using Akka.Actor;
using Akka.TestKit;
using Microsoft.Data.Sqlite;
using Pit.Core.Dags;
using Pit.Engine.Actors;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;
using Pit.Engine.Scheduling;
using Pit.Engine.Tests.Actors;

namespace Pit.Engine.Tests.Persistence;

/// <summary>The service's Scheduler on the real metadata database: its events and snapshots survive a new actor system.</summary>
public sealed class SchedulerPersistenceSpecs : IDisposable
{
    private static readonly TimeSpan Patience = RunHistoryReaderSpecs.Patience;
    private static readonly SchedulerOptions Options = SchedulerOptions.Service with { ResumeUnfinished = false, CheckRequirements = false, SnapshotEvery = 2 };
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static IActorRef Scheduler(PersistenceHost host, string root, TestProbe runs) =>
        host.System.ActorOf(SchedulerActor.Props(host.System.ActorOf(ProjectCatalogActor.Props(ClaimsWorkspace.Of(root, OverlapPolicy.Queue))), runs.Ref, Options));

    private static SchedulerCommands.TriggerRun Trigger(string day) =>
        new("claims", null, "api", new Dictionary<string, string> { ["day"] = day });

    [Fact]
    public async Task Queued_triggers_and_a_pause_come_back_from_snapshots_and_events_in_a_new_system()
    {
        await using (var host = await PersistenceHost.StartAsync(_folder.Db))
        {
            var runs = host.Probe();
            var client = host.Probe();
            var scheduler = Scheduler(host, _folder.Path, runs);
            scheduler.Tell(Trigger("1"), client.Ref);
            var start = runs.ExpectMsg<DagRunCommands.StartRun>(Patience);
            runs.Reply(new DagRunCommands.RunStarted(start.RunId));
            client.ExpectMsg<SchedulerCommands.TriggerAccepted>(Patience);
            foreach (var day in new[] { "2", "3", "4" })
            {
                scheduler.Tell(Trigger(day), client.Ref);
                client.ExpectMsg<SchedulerCommands.TriggerQueued>(Patience);
            }
            scheduler.Tell(new SchedulerCommands.PauseDag("claims"), client.Ref);
            client.ExpectMsg<SchedulerCommands.PauseChanged>(Patience);
            await AwaitSnapshot();
        }
        // What the snapshot covers must come from it: the events it covers are gone.
        DropEventsCoveredBySnapshot();

        await using (var host = await PersistenceHost.StartAsync(_folder.Db))
        {
            var runs = host.Probe();
            var client = host.Probe();
            var scheduler = Scheduler(host, _folder.Path, runs);

            var restored = runs.ExpectMsg<DagRunCommands.StartRun>(Patience);
            Assert.Equal("2", restored.Parameters["day"]);
            scheduler.Tell(new SchedulerQueries.GetDags(), client.Ref);
            var claims = client.ExpectMsg<SchedulerQueries.DagSchedules>(Patience).Dags.Single();
            Assert.True(claims.Paused);
            Assert.Equal(2, claims.Queued);
        }

        await using var connection = new SqliteConnection(SqliteMetadataDb.ConnectionString(_folder.Db));
        connection.Open();
        using var tags = connection.CreateCommand();
        tags.CommandText = "SELECT count(*) FROM tags WHERE tag = 'scheduler';";
        Assert.True((long)tags.ExecuteScalar()! >= 1);
    }

    private void DropEventsCoveredBySnapshot()
    {
        using var connection = new SqliteConnection(SqliteMetadataDb.ConnectionString(_folder.Db));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM journal WHERE persistence_id = 'scheduler'
              AND sequence_number <= (SELECT max(sequence_number) FROM snapshot WHERE persistence_id = 'scheduler');
            """;
        Assert.True(command.ExecuteNonQuery() >= 2);
    }

    /// <summary>Snapshots are written in the background: wait until one is in the database.</summary>
    private async Task AwaitSnapshot()
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            await using var connection = new SqliteConnection(SqliteMetadataDb.ConnectionString(_folder.Db));
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM snapshot WHERE persistence_id = 'scheduler';";
            try
            {
                if ((long)command.ExecuteScalar()! > 0) return;
            }
            catch (SqliteException) when (DateTime.UtcNow < deadline)
            {
                // The table is created with the first snapshot.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("no snapshot of the scheduler was saved");
            await Task.Delay(50);
        }
    }
}
