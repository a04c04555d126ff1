using System.Data.Common;
using Microsoft.Data.SqlClient;

namespace Pit.Connectors.Sql.SqlServer;

/// <summary>
/// SQL Server through Microsoft.Data.SqlClient. Types: int32 <c>int</c>, int64 <c>bigint</c>,
/// double <c>float</c>, decimal <c>decimal(p,s)</c>, boolean <c>bit</c>, string <c>nvarchar(max)</c>,
/// date <c>date</c>, timestamp <c>datetime2(7)</c>, instant <c>datetimeoffset(7)</c>, binary
/// <c>varbinary(max)</c>; read back the same way, with <c>smallint</c>/<c>tinyint</c> as int32,
/// <c>real</c> as double, <c>money</c> as decimal, <c>datetime</c>/<c>smalldatetime</c> as timestamp
/// and any other type as its text. A script is one batch (no <c>GO</c> separators); the token
/// cancels it on the server. Loads use <c>SqlBulkCopy</c> inside the load's transaction.
/// </summary>
public sealed class SqlServerDialect : ISqlDialect
{
    public static SqlServerDialect Instance { get; } = new();

    private SqlServerDialect() { }

    public SqlProvider Provider => SqlProvider.SqlServer;

    public string Name => "sqlserver";

    public DbConnection CreateConnection(string connectionString) =>
        new SqlConnection(new SqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);

    public string BuildConnectionString(ConnectionParts parts, string workspaceRoot)
    {
        var builder = new SqlConnectionStringBuilder();
        if (parts.Host is not { } host) throw new SqlConnectorException("no host is given");
        builder.DataSource = parts.Port is { } port ? $"{host},{port}" : host;
        if (parts.Database is { } database) builder.InitialCatalog = database;
        if (parts.User is { } user) builder.UserID = user;
        if (parts.Password is { } password) builder.Password = password;
        foreach (var (key, value) in parts.Options)
        {
            try
            {
                builder[key] = value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                throw new SqlConnectorException($"SQL Server does not accept the option '{key}' or its value");
            }
        }
        return builder.ConnectionString;
    }

    public IEnumerable<string> SensitiveValues(string connectionString)
    {
        var password = new SqlConnectionStringBuilder(connectionString).Password;
        return string.IsNullOrEmpty(password) ? [] : [password];
    }

    public string QuoteIdentifier(string identifier) => "[" + identifier.Replace("]", "]]") + "]";

    public string QualifiedTable(string? schema, string table) =>
        string.IsNullOrEmpty(schema) ? QuoteIdentifier(table) : $"{QuoteIdentifier(schema)}.{QuoteIdentifier(table)}";

    public string ColumnDefinition(ColumnType type) => SqlServerTypes.Declared(type);

    public string TruncateTable(string qualifiedTable) => $"TRUNCATE TABLE {qualifiedTable}";

    public IReadOnlyList<ColumnType> ResultTypes(DbConnection connection, DbDataReader reader, IReadOnlyList<object?[]> firstRows) =>
        reader.GetColumnSchema().Select(SqlServerTypes.FromColumn).ToList();

    public async Task<long> ExecuteScriptAsync(DbConnection connection, string sql, CancellationToken cancel)
    {
        await using var command = new SqlCommand(sql, (SqlConnection)connection) { CommandTimeout = 0 };
        return await command.ExecuteNonQueryAsync(cancel).ConfigureAwait(false);
    }

    public async Task<T> ReadAsync<T>(DbConnection connection, string query, Func<DbDataReader, Task<T>> read, CancellationToken cancel)
    {
        await using var command = new SqlCommand(query, (SqlConnection)connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false);
        return await read(reader).ConfigureAwait(false);
    }

    /// <remarks>SQL Server numbers lines from the start of the batch, which is the whole script.</remarks>
    public SqlScriptException? ScriptError(Exception error, string sql)
    {
        if (error is SqlScriptException script) return script;
        if (error is not SqlException server) return null;
        var errors = server.Errors.Cast<SqlError>().Where(e => e.Class > 10).ToList(); // above 10: errors, not informational messages
        if (errors.Count == 0) return new SqlScriptException(server.Message, null, server);
        return new SqlScriptException(string.Join(" — ", errors.Select(e => e.Message)), errors[0].LineNumber > 0 ? errors[0].LineNumber : null, server);
    }

    public Task<IBulkInserter> StartBulkInsertAsync(
        DbConnection connection, DbTransaction transaction, string? schema, string table, IReadOnlyList<ColumnSpec> columns, CancellationToken cancel) =>
        Task.FromResult<IBulkInserter>(new SqlServerBulkInserter((SqlConnection)connection, (SqlTransaction)transaction, QualifiedTable(schema, table), columns));
}
