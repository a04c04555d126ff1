using Akka.Hosting;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Hosting;
using LinqToDB;
using LinqToDB.Data;
using Pit.Engine.Persistence;
using Pit.Engine.Persistence.ReadModels;
using Pit.Engine.Protocol;

namespace Pit.Engine.Hosting;

public static class PersistenceHosting
{
    /// <summary>The plugin id of Pit's journal and snapshot store (<c>akka.persistence.journal.sql</c>).</summary>
    public const string PluginId = "sql";

    /// <summary>How long the journal lets a write take before it fails it: longer than SQLite's own wait for a lock.</summary>
    public static readonly TimeSpan JournalCallTimeout = SqliteMetadataDb.BusyTimeout + TimeSpan.FromSeconds(10);

    /// <summary>
    /// Opens the metadata database once through linq2db, as the journal will, and drops the
    /// connection: loads native SQLite and initialises the provider ahead of the journal's first
    /// query. Only an existing database (a new one is set up by <see cref="WithPitPersistence"/>);
    /// a failure is ignored here, and the journal reports it when it opens the database.
    /// </summary>
    public static void Preload(string metadataDbPath)
    {
        if (!File.Exists(metadataDbPath)) return;
        try
        {
            using var db = new DataConnection(DataOptions(SqliteMetadataDb.ConnectionString(metadataDbPath)));
            db.Execute<long>("select count(*) from sqlite_master");
        }
        catch (Exception)
        {
            // Reported by the journal.
        }
    }

    /// <summary>How the journal and snapshot store reach the database: linq2db, SQLite.MS, commits without a flush each.</summary>
    internal static DataOptions DataOptions(string connectionString) => new DataOptions()
        .UseConnectionString(ProviderName.SQLiteMS, connectionString)
        .UseInterceptor(SqliteCommitMode.Normal);

    /// <summary>
    /// Journal, snapshot store and read journal on the SQLite file at <paramref name="metadataDbPath"/>
    /// (Akka.Persistence.Sql, provider SQLite.MS, WAL with commits that do not wait for the disk
    /// (<see cref="SqliteCommitMode"/>), tables created when the file has none, tags in a tag
    /// table), with <see cref="PitEventSerializer"/> for every <see cref="IPitEvent"/> and
    /// <see cref="RunEventTagger"/> tagging run events <c>run</c> and <c>dag:&lt;name&gt;</c>.
    /// Creates the folder and switches the file to WAL mode right away.
    /// </summary>
    public static AkkaConfigurationBuilder WithPitPersistence(this AkkaConfigurationBuilder builder, string metadataDbPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metadataDbPath);
        // Creating the tables "if not exists" costs every start some 40 ms of linq2db's DDL path: only a store
        // whose tables are missing needs it. The snapshot store's table comes with pit serve's first snapshot.
        var tables = SqliteMetadataDb.Prepare(metadataDbPath);
        var connectionString = SqliteMetadataDb.ConnectionString(metadataDbPath);

        var dataOptions = DataOptions(connectionString);
        var journal = new SqlJournalOptions(isDefaultPlugin: true, identifier: PluginId)
        {
            ConnectionString = connectionString,
            ProviderName = ProviderName.SQLiteMS,
            DataOptions = dataOptions,
            AutoInitialize = !tables.Journal,
            TagStorageMode = TagMode.TagTable,
        };
        var snapshots = new SqlSnapshotOptions(isDefaultPlugin: true, identifier: PluginId)
        {
            ConnectionString = connectionString,
            ProviderName = ProviderName.SQLiteMS,
            DataOptions = dataOptions,
            AutoInitialize = !tables.Snapshots,
        };

        return builder
            // The read journal's ordering tracker polls every second by default, so a "current" query
            // (pit status, the API) could wait up to ~1 s for recent events; poll faster. akka.hocon can override.
            .AddHocon(
                "akka.persistence.query.journal.sql.journal-sequence-retrieval.query-delay = 100ms\n" +
                // The projections actor's live tag stream polls this often (1 s by default).
                "akka.persistence.query.journal.sql.refresh-interval = 100ms\n" +
                // A connection cloned from a template combines a new linq2db mapping schema for every write
                // (W2: 19 MB of allocations); a connection made from the options reuses the first one's.
                "akka.persistence.journal.sql.use-clone-connection = off\n" +
                "akka.persistence.snapshot-store.sql.use-clone-connection = off\n" +
                "akka.persistence.query.journal.sql.use-clone-connection = off\n" +
                // A write may wait SQLite's busy timeout for another connection's lock. The journal's default
                // 10 s would fail it first (and Akka stop the writer) while it still waits, and could commit after.
                $"akka.persistence.journal.sql.circuit-breaker.call-timeout = {JournalCallTimeout.TotalSeconds:0}s",
                HoconAddMode.Prepend)
            // Where the read models are (ReadModelExtension): the same file as the journal.
            .AddHocon($"{ReadModelExtension.ConfigKey} = \"{Path.GetFullPath(metadataDbPath).Replace("\\", "\\\\").Replace("\"", "\\\"")}\"", HoconAddMode.Append)
            .WithCustomSerializer("pit-events", [typeof(IPitEvent)], system => new PitEventSerializer(system))
            .WithSqlPersistence(
                journal,
                snapshots,
                journalBuilder: adapters => adapters.AddWriteEventAdapter<RunEventTagger>("pit-run-tagger", [typeof(IPitEvent)]));
    }
}
