using System.Data.Common;

namespace Pit.Connectors.Sql;

/// <summary>
/// Everything that differs between databases: connections, quoting, the type mapping both ways,
/// how a script runs and how it is cancelled, the bulk insert path, and where an error points.
/// Code outside the dialects (and the files they delegate to) is the same for every provider.
/// </summary>
public interface ISqlDialect
{
    SqlProvider Provider { get; }

    /// <summary><c>sqlite</c>, <c>postgres</c> or <c>sqlserver</c>.</summary>
    string Name { get; }

    /// <summary>An unopened connection, with the settings Pit relies on added to the string.</summary>
    DbConnection CreateConnection(string connectionString);

    /// <summary>The ADO.NET connection string for a connection given by its parts (from a URL or a structured secret).</summary>
    /// <exception cref="SqlConnectorException">An option the provider does not accept; the message names the option, not its value.</exception>
    string BuildConnectionString(ConnectionParts parts, string workspaceRoot);

    /// <summary>The values of a connection string that must never appear in a message (its password).</summary>
    IEnumerable<string> SensitiveValues(string connectionString);

    string QuoteIdentifier(string identifier);

    string QualifiedTable(string? schema, string table);

    /// <summary>The column type <c>CREATE TABLE</c> uses for <paramref name="type"/>.</summary>
    string ColumnDefinition(ColumnType type);

    /// <summary>The statement that empties a table inside a transaction.</summary>
    string TruncateTable(string qualifiedTable);

    /// <summary>
    /// The types of a result's columns, for writing it to Parquet. <paramref name="firstRows"/> holds
    /// the first rows already read (values as the reader returns them, <see cref="DBNull"/> for NULL),
    /// for databases whose result columns may have no declared type.
    /// </summary>
    IReadOnlyList<ColumnType> ResultTypes(DbConnection connection, DbDataReader reader, IReadOnlyList<object?[]> firstRows);

    /// <summary>Runs <paramref name="sql"/> whole on an open connection and returns the rows it affected; cancellation stops it in the database.</summary>
    Task<long> ExecuteScriptAsync(DbConnection connection, string sql, CancellationToken cancel);

    /// <summary>
    /// Runs a query on an open connection and hands the reader to <paramref name="read"/>; cancellation
    /// stops the query in the database (some providers need more than the token for that).
    /// </summary>
    Task<T> ReadAsync<T>(DbConnection connection, string query, Func<DbDataReader, Task<T>> read, CancellationToken cancel);

    /// <summary>The database's message and line for a database error raised by <paramref name="sql"/>; null for other errors.</summary>
    SqlScriptException? ScriptError(Exception error, string sql);

    /// <summary>Starts inserting rows into an existing table, inside <paramref name="transaction"/>, by the fastest path the provider has.</summary>
    Task<IBulkInserter> StartBulkInsertAsync(
        DbConnection connection, DbTransaction transaction, string? schema, string table, IReadOnlyList<ColumnSpec> columns, CancellationToken cancel);
}

/// <summary>Inserts batches into one table, as set up by <see cref="ISqlDialect.StartBulkInsertAsync"/>.</summary>
public interface IBulkInserter : IAsyncDisposable
{
    /// <summary>Inserts every row of <paramref name="batch"/>, whose columns are those the inserter was started with.</summary>
    Task InsertAsync(ColumnBatch batch, CancellationToken cancel);

    /// <summary>Ends the insert once every batch is in (an inserter that streams batches into one command finishes it here).</summary>
    Task CompleteAsync(CancellationToken cancel) => Task.CompletedTask;

    /// <summary>The row (1-based, counted over every batch) that <paramref name="error"/> names, when the database says; null otherwise.</summary>
    long? FailedRow(Exception error) => null;
}
