using System.Data.Common;

namespace Pit.Connectors.Sql;

/// <summary>Opening a target's connection, and what a failure says: the connection's name and the provider's reason, never the string.</summary>
internal static class SqlConnections
{
    public static async Task<DbConnection> OpenAsync(SqlTarget target, CancellationToken cancel)
    {
        var connection = target.Dialect.CreateConnection(target.ConnectionString);
        try
        {
            await connection.OpenAsync(cancel).ConfigureAwait(false);
            return connection;
        }
        catch (Exception e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            if (e is OperationCanceledException || cancel.IsCancellationRequested) throw;
            throw new SqlConnectorException($"{target.Describe()}: cannot connect: {target.Redact(e.Message)}", e);
        }
    }

    /// <summary>
    /// The exception to throw for <paramref name="error"/>, raised while <paramref name="sql"/> ran:
    /// cancellation as <see cref="OperationCanceledException"/>, the database's refusal as
    /// <see cref="SqlScriptException"/>, anything else as a <see cref="SqlConnectorException"/> naming the connection.
    /// </summary>
    public static Exception Translate(SqlTarget target, Exception error, string sql, CancellationToken cancel)
    {
        if (error is OperationCanceledException) return error;
        if (cancel.IsCancellationRequested) return new OperationCanceledException("cancelled", error, cancel);
        if (target.Dialect.ScriptError(error, sql) is { } script) return script;
        if (error is SqlConnectorException) return error;
        return new SqlConnectorException($"{target.Describe()}: {target.Redact(error.Message)}", error);
    }
}
