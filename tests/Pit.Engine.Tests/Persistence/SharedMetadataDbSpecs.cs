using Akka.Actor;
using Akka.TestKit;
using LinqToDB.Data;
using Microsoft.Data.Sqlite;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;
using static Pit.Engine.Tests.Persistence.SampleEvents;

namespace Pit.Engine.Tests.Persistence;

/// <summary>The metadata db file: WAL, our serializer on disk, and two systems writing it at once.</summary>
public sealed class SharedMetadataDbSpecs : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_file_is_created_in_wal_mode_and_events_are_stored_under_our_manifests()
    {
        await using (var host = await PersistenceHost.StartAsync(_folder.Db))
        {
            var probe = host.Probe();
            Assert.IsType<PitEventSerializer>(host.System.Serialization.FindSerializerFor(EveryType()[0]));
            var writer = host.System.ActorOf(RunWriterActor.Props("20250314_093000.125_claims_pipeline"));
            writer.Tell(new RunWriterActor.Write(EveryType()), probe);
            probe.ExpectMsg<RunWriterActor.Written>(RunHistoryReaderSpecs.Patience);
        }

        await using var connection = new SqliteConnection(SqliteMetadataDb.ConnectionString(_folder.Db));
        connection.Open();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode;"));
        var rows = Rows(connection, "SELECT manifest, identifier FROM journal ORDER BY ordering;");
        Assert.Equal(EveryType().Select(e => PitEventSerializer.Manifests[e.GetType()]), rows.Select(r => r.Manifest));
        Assert.All(rows, r => Assert.Equal(PitEventSerializer.Id, r.Identifier));
        Assert.Equal(["dag:claims_pipeline", "run", "secret-access"], TagsOf(connection));
    }

    [Fact]
    public async Task Journal_snapshot_store_and_read_journal_open_plain_connections_not_clones()
    {
        // A cloned connection combines a new linq2db mapping schema on every write.
        await using var host = await PersistenceHost.StartAsync(_folder.Db);
        var config = host.System.Settings.Config;
        Assert.False(config.GetBoolean("akka.persistence.journal.sql.use-clone-connection"));
        Assert.False(config.GetBoolean("akka.persistence.snapshot-store.sql.use-clone-connection"));
        Assert.False(config.GetBoolean("akka.persistence.query.journal.sql.use-clone-connection"));
    }

    [Fact]
    public async Task The_journal_tables_are_created_on_a_new_file_and_again_when_one_is_missing()
    {
        Assert.Equal(new MetadataTables(Journal: false, Snapshots: false), SqliteMetadataDb.Prepare(_folder.Db)); // a new file
        await WriteOneRun("20250314_093000.125_d");
        Assert.True(SqliteMetadataDb.Prepare(_folder.Db).Journal); // all there: the next start skips creating them

        await using (var connection = new SqliteConnection(SqliteMetadataDb.ConnectionString(_folder.Db)))
        {
            connection.Open();
            Scalar(connection, "DROP TABLE tags;");
        }
        Assert.False(SqliteMetadataDb.Prepare(_folder.Db).Journal);
        await WriteOneRun("20250314_093001.125_d"); // the missing table is created again, and the write goes through

        Assert.True(SqliteMetadataDb.Prepare(_folder.Db).Journal);
        await using var check = new SqliteConnection(SqliteMetadataDb.ConnectionString(_folder.Db));
        check.Open();
        Assert.Equal(2L, Scalar(check, "SELECT count(DISTINCT persistence_id) FROM journal;"));
        Assert.Equal(["dag:claims_pipeline", "run"], TagsOf(check)); // the second run's, in the table made again
    }

    [Fact]
    public async Task A_file_that_has_the_journal_but_no_snapshot_table_starts_without_creating_the_journal_tables()
    {
        // Runs of pit run never start the snapshot store, so their file has no snapshot table.
        await WriteOneRun("20250314_093000.125_d");
        await using (var connection = new SqliteConnection(SqliteMetadataDb.ConnectionString(_folder.Db)))
        {
            connection.Open();
            Scalar(connection, "DROP TABLE IF EXISTS snapshot;");
        }
        Assert.Equal(new MetadataTables(Journal: true, Snapshots: false), SqliteMetadataDb.Prepare(_folder.Db));

        await using var host = await PersistenceHost.StartAsync(_folder.Db);
        var config = host.System.Settings.Config;
        Assert.False(config.GetBoolean("akka.persistence.journal.sql.auto-initialize"));
        Assert.True(config.GetBoolean("akka.persistence.snapshot-store.sql.auto-initialize"));
    }

    private async Task WriteOneRun(string runId)
    {
        await using var host = await PersistenceHost.StartAsync(_folder.Db);
        await host.WriteAsync([.. EveryType(runId).OfType<RunEvents.RunCreated>()]);
    }

    [Fact]
    public void Journal_connections_commit_to_the_wal_without_a_flush_each_and_wait_for_locks_in_sqlite()
    {
        SqliteMetadataDb.Prepare(_folder.Db);
        var connectionString = SqliteMetadataDb.ConnectionString(_folder.Db);

        // Twice: the second time the pool hands back the same SQLite connection, which keeps the setting.
        for (var i = 0; i < 2; i++)
        {
            using var journal = new DataConnection(Pit.Engine.Hosting.PersistenceHosting.DataOptions(connectionString));
            Assert.Equal(1L, journal.Execute<long>("PRAGMA synchronous;")); // NORMAL
            // SQLite waits for another writer's lock itself, in short steps, instead of the 150 ms sleeps of Microsoft.Data.Sqlite's retry.
            Assert.Equal((long)SqliteMetadataDb.BusyTimeout.TotalMilliseconds, journal.Execute<long>("PRAGMA busy_timeout;"));
        }

        // SQLite's own default, FULL, flushes on every commit.
        using var plain = new SqliteConnection(connectionString + ";Pooling=False");
        plain.Open();
        Assert.Equal(2L, Scalar(plain, "PRAGMA synchronous;"));
    }

    [Fact]
    public async Task Two_actor_systems_write_to_the_same_file_at_once()
    {
        const int runsEach = 25;
        await using var one = await PersistenceHost.StartAsync(_folder.Db, "pit-one");
        await using var two = await PersistenceHost.StartAsync(_folder.Db, "pit-two");
        var probeOne = one.Probe();
        var probeTwo = two.Probe();

        // Every run's events are written one journal write at a time, all runs of both systems interleaved.
        var expected = StartRuns(one, probeOne, "dag_one", runsEach) + StartRuns(two, probeTwo, "dag_two", runsEach);
        var written = probeOne.ReceiveN(expected / 2, RunHistoryReaderSpecs.Patience)
            .Concat(probeTwo.ReceiveN(expected / 2, RunHistoryReaderSpecs.Patience))
            .Cast<RunWriterActor.Written>().ToList();

        Assert.Equal(expected, written.Count);
        foreach (var host in new[] { one, two })
        {
            var history = await RunHistoryReaderSpecs.LoadWhen(host, new RunHistoryReader(host.System), h => h.Count == 2 * runsEach);
            Assert.All(history.All(), r => Assert.Equal(RunStatus.Succeeded, r.Status));
            Assert.Equal(runsEach, history.RunsOf("dag_one").Count);
            Assert.Equal(runsEach, history.RunsOf("dag_two").Count);
        }
    }

    private static int StartRuns(PersistenceHost host, TestProbe probe, string dag, int runs)
    {
        var count = 0;
        for (var i = 0; i < runs; i++)
        {
            var runId = RunIds.New(dag, T0.AddMinutes(i));
            var writer = host.System.ActorOf(RunWriterActor.Props(runId));
            foreach (var evt in SucceededRun(runId, dag, T0.AddMinutes(i)))
            {
                writer.Tell(new RunWriterActor.Write([evt]), probe);
                count++;
            }
        }
        return count;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static List<(string Manifest, int Identifier)> Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<(string, int)>();
        while (reader.Read())
            rows.Add((reader.GetString(0), reader.GetInt32(1)));
        return rows;
    }

    private static List<string> TagsOf(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT tag FROM tags ORDER BY tag;";
        using var reader = command.ExecuteReader();
        var tags = new List<string>();
        while (reader.Read())
            tags.Add(reader.GetString(0));
        return tags;
    }
}
