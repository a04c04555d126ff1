using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Pit.Connectors.Sql;

/// <summary>
/// Runs a SQL script on a target: the text goes to the database whole, as one command, so
/// multi-statement scripts, temp tables and transactions are the database's business. There is no
/// command timeout: the caller's token is the timeout, and cancelling it stops the query in the
/// database (Npgsql sends a cancel request, SQLite is interrupted, SqlClient sends an attention).
/// </summary>
public static class SqlScript
{
    /// <exception cref="OperationCanceledException">The token was cancelled; the database has stopped the script.</exception>
    /// <exception cref="SqlScriptException">The database refused the script: its message and, where known, the line.</exception>
    /// <exception cref="SqlConnectorException">The connection could not be opened or broke.</exception>
    public static async Task<SqlScriptResult> RunAsync(SqlTarget target, string sql, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await SqlConnections.OpenAsync(target, cancel).ConfigureAwait(false);
        try
        {
            var rows = await target.Dialect.ExecuteScriptAsync(connection, sql, cancel).ConfigureAwait(false);
            return new SqlScriptResult(Math.Max(0, rows), clock.Elapsed);
        }
        catch (Exception e)
        {
            var translated = SqlConnections.Translate(target, e, sql, cancel);
            if (ReferenceEquals(translated, e)) ExceptionDispatchInfo.Throw(e);
            throw translated;
        }
    }
}
