using Microsoft.Data.Sqlite;

namespace Pit.Engine.Persistence;

/// <summary>
/// The embedded metadata database: one SQLite file (default <c>.pit/pit.db</c>) that holds the
/// journal, tags and snapshots, shared safely by several <c>pit</c> processes. It runs in WAL mode
/// (readers never block the writer) and every connection waits up to <see cref="BusyTimeout"/>
/// for a lock instead of failing with "database is locked".
/// </summary>
public static class SqliteMetadataDb
{
    /// <summary>How long a statement waits for another process's write lock before it fails.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The connection string Akka.Persistence.Sql (provider SQLite.MS) uses for <paramref name="path"/>.</summary>
    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(path),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        // Microsoft.Data.Sqlite retries a busy/locked statement until this command timeout elapses.
        DefaultTimeout = (int)BusyTimeout.TotalSeconds,
    }.ToString();

    /// <summary>The tables Akka.Persistence.Sql keeps Pit's journal in (its default names, tags in a table of their own).</summary>
    public static readonly IReadOnlyList<string> JournalTables = ["journal", "tags"];

    /// <summary>The snapshot store's table. Only <c>pit serve</c>'s scheduler takes snapshots, so a workspace that has only
    /// seen <c>pit run</c> has the journal's tables without this one.</summary>
    public const string SnapshotTable = "snapshot";

    /// <summary>
    /// Creates the folder and the file if missing and switches the file to WAL mode. WAL is a
    /// property of the file, so this is done once, before the actor system opens it. Returns which
    /// of the journal's tables (<see cref="JournalTables"/>) and the snapshot store's are there already.
    /// </summary>
    public static MetadataTables Prepare(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder))
            Directory.CreateDirectory(folder);

        using var connection = new SqliteConnection(ConnectionString(full));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};";
        command.ExecuteNonQuery();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        var mode = command.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Could not switch the metadata database {full} to WAL mode (it reports '{mode}').");
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table';";
        var tables = new HashSet<string>(StringComparer.Ordinal);
        using (var reader = command.ExecuteReader())
            while (reader.Read()) tables.Add(reader.GetString(0));
        return new MetadataTables(JournalTables.All(tables.Contains), tables.Contains(SnapshotTable));
    }
}

/// <summary>Which of Akka.Persistence.Sql's tables a metadata database has: the journal's (all of them) and the snapshot store's.</summary>
public sealed record MetadataTables(bool Journal, bool Snapshots);
