using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Pit.Engine.Persistence.ReadModels;

/// <summary>
/// The read models of one metadata database: catching them up from the journal, projecting live
/// batches (<see cref="Actors.ProjectionsActor"/>), rebuilding them, and the readers' queries. Every
/// read first catches up from the stored offset (cheap when little is new), so a reader sees every
/// event committed before it asked. Writes in this process go one at a time; several processes
/// may catch up at once (each batch is one transaction that skips what another already projected).
/// </summary>
public sealed class RunReadModel : IRunLookup
{
    /// <summary>How many events a catch-up reads and projects per transaction.</summary>
    public const int BatchSize = 5000;

    /// <summary>A rebuild's batches: larger, as nobody waits for the first rows.</summary>
    public const int RebuildBatchSize = 20_000;

    private readonly string _connectionString;
    private readonly RunProjector _projector = new();
    private readonly SemaphoreSlim _writing = new(1, 1);

    private RunReadModel(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = SqliteMetadataDb.ConnectionString(Path);
    }

    /// <summary>The metadata database file.</summary>
    public string Path { get; }

    /// <summary>What a rebuild did.</summary>
    public sealed record Rebuilt(long Events, TimeSpan Took)
    {
        public double EventsPerSecond => Took > TimeSpan.Zero ? Events / Took.TotalSeconds : Events;
    }

    /// <summary>
    /// The read models of the database at <paramref name="path"/> (created, in WAL mode, if missing),
    /// with their tables created, and dropped for a rebuild when they are of another version.
    /// </summary>
    public static RunReadModel Open(string path)
    {
        SqliteMetadataDb.Prepare(path);
        var model = new RunReadModel(path);
        model.EnsureSchema();
        return model;
    }

    public SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = SqliteCommitMode.Pragma;
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Projects every run event the journal holds beyond the stored offset; the number of events projected.</summary>
    public long CatchUp(CancellationToken cancel = default)
    {
        _writing.Wait(cancel);
        try
        {
            using var connection = Connect();
            return CatchUpLocked(connection, cancel);
        }
        finally
        {
            _writing.Release();
        }
    }

    public Task<long> CatchUpAsync(CancellationToken cancel = default) => Task.Run(() => CatchUp(cancel), cancel);

    /// <summary>Projects events the live tag stream delivered (those projected already are skipped).</summary>
    public RunProjector.Applied Apply(IReadOnlyList<JournalEvent> events)
    {
        _writing.Wait();
        try
        {
            using var connection = Connect();
            var applied = _projector.Apply(connection, events);
            // Events the stream did not deliver lie before these (a rebuild moved the offset back): read them from the journal.
            return applied.Gap ? new RunProjector.Applied(applied.Offset, (int)CatchUpLocked(connection, CancellationToken.None)) : applied;
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>Drops every read model and projects the whole journal again, from offset 0.</summary>
    public Rebuilt Rebuild(CancellationToken cancel = default)
    {
        _writing.Wait(cancel);
        try
        {
            var clock = Stopwatch.StartNew();
            using var connection = Connect();
            using (var transaction = connection.BeginTransaction(deferred: false))
            {
                ReadModelSchema.Drop(connection, transaction);
                ReadModelSchema.Ensure(connection, transaction, withIndexes: false);
                transaction.Commit();
            }
            _projector.Forget();
            // Fewer, larger checkpoints of the write-ahead log while the tables fill (one at the end).
            Execute(connection, "PRAGMA wal_autocheckpoint = 100000;");
            long events;
            try
            {
                events = CatchUpLocked(connection, cancel, RebuildBatchSize);
                ReadModelSchema.EnsureIndexes(connection);
            }
            finally
            {
                Execute(connection, "PRAGMA wal_autocheckpoint = 1000; PRAGMA wal_checkpoint(PASSIVE);");
            }
            return new Rebuilt(events, clock.Elapsed);
        }
        finally
        {
            _writing.Release();
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The journal offset the read models are projected to.</summary>
    public long StoredOffset()
    {
        using var connection = Connect();
        return RunProjector.Offset(connection);
    }

    /// <summary>Catches up, then answers <paramref name="query"/>.</summary>
    public T Read<T>(Func<SqliteConnection, T> query, CancellationToken cancel = default)
    {
        CatchUp(cancel);
        using var connection = Connect();
        return query(connection);
    }

    public Task<T> ReadAsync<T>(Func<SqliteConnection, T> query, CancellationToken cancel = default) =>
        Task.Run(() => Read(query, cancel), cancel);

    public Task<RunSummary?> GetAsync(string runId, CancellationToken cancellationToken = default) =>
        ReadAsync(connection => RunQueries.Get(connection, runId), cancellationToken);

    /// <summary>Projects from the stored offset to the end of the journal, a batch per transaction.</summary>
    private long CatchUpLocked(SqliteConnection connection, CancellationToken cancel, int batchSize = BatchSize)
    {
        if (!JournalTableReader.HasJournal(connection)) return 0;
        long projected = 0;
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            var events = JournalTableReader.ReadAfter(connection, RunProjector.Offset(connection), batchSize);
            if (events.Count == 0) return projected;
            var applied = _projector.Apply(connection, events);
            projected += applied.Events;
            // The offset moved back since the events were read (a rebuild elsewhere): read again from it.
            if (applied.Gap) continue;
            if (events.Count < batchSize) return projected;
        }
    }

    private void EnsureSchema()
    {
        using var connection = Connect();
        if (IsCurrent(connection)) return;
        using var transaction = connection.BeginTransaction(deferred: false);
        if (!IsCurrent(connection, transaction))
        {
            ReadModelSchema.Drop(connection, transaction);
            ReadModelSchema.Ensure(connection, transaction);
        }
        transaction.Commit();
    }

    /// <summary>True when the tables exist and are of this Pit's version.</summary>
    private static bool IsCurrent(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'pit_projections'";
        if (Convert.ToInt64(command.ExecuteScalar()) == 0) return false;
        command.CommandText = "SELECT version FROM pit_projections WHERE name = $name";
        command.Parameters.AddWithValue("$name", ReadModelSchema.RunsProjection);
        return command.ExecuteScalar() is long version && version == ReadModelSchema.Version;
    }
}
