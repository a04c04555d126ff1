using System.Data.Common;
using LinqToDB.Interceptors;

namespace Pit.Engine.Persistence;

/// <summary>
/// Sets <c>PRAGMA synchronous = NORMAL</c> on every journal connection as it opens. In WAL mode
/// that makes a commit an append to the write-ahead log without a disk flush: a committed event
/// survives a crash or <c>kill -9</c> of Pit (the log is in the OS's page cache), and the flush
/// happens once per checkpoint instead of once per transition. Only a power cut or kernel crash
/// can lose the last moments of events. (SQLite's default, FULL, flushes on every commit.)
/// </summary>
public sealed class SqliteCommitMode : IConnectionInterceptor
{
    public const string Pragma = "PRAGMA synchronous = NORMAL;";

    public static readonly SqliteCommitMode Normal = new();

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
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public async Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
