using System.Data.Common;
using System.Runtime.CompilerServices;
using LinqToDB.Interceptors;
using Microsoft.Data.Sqlite;

namespace Pit.Engine.Persistence;

/// <summary>
/// Sets <c>PRAGMA synchronous = NORMAL</c> and SQLite's own busy timeout on every journal
/// connection as it opens. The busy timeout lets SQLite wait for another writer's lock in steps of
/// a millisecond or so; without it Microsoft.Data.Sqlite retries a locked write after sleeping
/// 150 ms, which the journal's concurrent writers hit all the time under load. In WAL mode
/// that makes a commit an append to the write-ahead log without a disk flush: a committed event
/// survives a crash or <c>kill -9</c> of Pit (the log is in the OS's page cache), and the flush
/// happens once per checkpoint instead of once per transition. Only a power cut or kernel crash
/// can lose the last moments of events. (SQLite's default, FULL, flushes on every commit.)
/// </summary>
public sealed class SqliteCommitMode : IConnectionInterceptor
{
    public static readonly string Pragma =
        $"PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = {(int)SqliteMetadataDb.BusyTimeout.TotalMilliseconds};";

    public static readonly SqliteCommitMode Normal = new();

    // The setting belongs to the SQLite connection, which the pool hands out again and again: set it once per handle.
    private readonly ConditionalWeakTable<object, object> _set = [];

    private SqliteCommitMode()
    {
    }

    public void ConnectionOpening(ConnectionEventData eventData, DbConnection connection)
    {
    }

    public Task ConnectionOpeningAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public void ConnectionOpened(ConnectionEventData eventData, DbConnection connection)
    {
        if (AlreadySet(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
        Remember(connection);
    }

    public async Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        if (AlreadySet(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        Remember(connection);
    }

    /// <summary>True when this pooled SQLite connection already runs with the setting.</summary>
    private bool AlreadySet(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && _set.TryGetValue(handle, out _);

    private void Remember(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle }) _set.AddOrUpdate(handle, this);
    }
}
