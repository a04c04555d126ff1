using System.Data.Common;
using Npgsql;

namespace Pit.Connectors.Sql.Postgres;

/// <summary>
/// PostgreSQL through Npgsql. Types: int32 <c>integer</c>, int64 <c>bigint</c>, double
/// <c>double precision</c>, decimal <c>numeric(p,s)</c>, boolean <c>boolean</c>, string <c>text</c>,
/// date <c>date</c>, timestamp <c>timestamp</c>, instant <c>timestamptz</c>, binary <c>bytea</c>; read
/// back the same way, with <c>smallint</c> as int32, <c>real</c> as double, a bare <c>numeric</c> as
/// decimal(38,18) and any other type as its text. A script goes to Npgsql as one command; a cancelled
/// token makes Npgsql send PostgreSQL a cancel request. Loads use binary <c>COPY</c>.
/// </summary>
public sealed class PostgresDialect : ISqlDialect
{
    public static PostgresDialect Instance { get; } = new();

    private PostgresDialect() { }

    public SqlProvider Provider => SqlProvider.Postgres;

    public string Name => "postgres";

    /// <remarks>
    /// Adds what error messages need: the failing statement of a multi-statement script (for its
    /// line) and the server's detail (which row, which key). No command timeout: the caller's token is the timeout.
    /// </remarks>
    public DbConnection CreateConnection(string connectionString) =>
        new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString)
        {
            IncludeFailedBatchedCommand = true,
            IncludeErrorDetail = true,
            CommandTimeout = 0,
        }.ConnectionString);

    public string BuildConnectionString(ConnectionParts parts, string workspaceRoot) =>
        PostgresConnectionStrings.Build(parts);

    public IEnumerable<string> SensitiveValues(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new[] { builder.Password, builder.SslPassword }.Where(v => !string.IsNullOrEmpty(v))!;
    }

    public string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    public string QualifiedTable(string? schema, string table) =>
        string.IsNullOrEmpty(schema) ? QuoteIdentifier(table) : $"{QuoteIdentifier(schema)}.{QuoteIdentifier(table)}";

    public string ColumnDefinition(ColumnType type) => PostgresTypes.Declared(type);

    public string TruncateTable(string qualifiedTable) => $"TRUNCATE TABLE {qualifiedTable}";

    public IReadOnlyList<ColumnType> ResultTypes(DbConnection connection, DbDataReader reader, IReadOnlyList<object?[]> firstRows) =>
        reader.GetColumnSchema().Select(PostgresTypes.FromColumn).ToList();

    public async Task<long> ExecuteScriptAsync(DbConnection connection, string sql, CancellationToken cancel)
    {
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)connection) { CommandTimeout = 0 };
        try
        {
            return await command.ExecuteNonQueryAsync(cancel).ConfigureAwait(false);
        }
        catch (PostgresException e) when (!cancel.IsCancellationRequested)
        {
            throw PostgresErrors.ScriptError(e, sql, PostgresErrors.FailedStatement(command, e));
        }
    }

    public async Task<T> ReadAsync<T>(DbConnection connection, string query, Func<DbDataReader, Task<T>> read, CancellationToken cancel)
    {
        await using var command = new NpgsqlCommand(query, (NpgsqlConnection)connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false);
        return await read(reader).ConfigureAwait(false);
    }

    public SqlScriptException? ScriptError(Exception error, string sql) => error switch
    {
        SqlScriptException script => script,
        PostgresException postgres => PostgresErrors.ScriptError(postgres, sql, 0),
        _ => null,
    };

    public async Task<IBulkInserter> StartBulkInsertAsync(
        DbConnection connection, DbTransaction transaction, string? schema, string table, IReadOnlyList<ColumnSpec> columns, CancellationToken cancel) =>
        await PostgresBulkInserter.StartAsync((NpgsqlConnection)connection, this, QualifiedTable(schema, table), columns, cancel).ConfigureAwait(false);
}
