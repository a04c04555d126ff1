using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Pit.Connectors.Sql.Sqlite;

/// <summary>
/// SQLite through Microsoft.Data.Sqlite. SQLite does not enforce declared types, so Pit declares
/// names that say what it stored and reads them back by those names (see <see cref="SqliteTypes"/>):
/// int32 <c>INT</c>, int64 <c>BIGINT</c> (integers), double <c>REAL</c>, decimal
/// <c>DECIMAL_TEXT(p,s)</c> (exact text such as <c>12.50</c>: the name gives it text affinity, so
/// SQLite never turns it into a float), boolean <c>BOOLEAN</c> (0 or 1), string <c>TEXT</c>, date
/// <c>DATE</c> (<c>yyyy-MM-dd</c>), timestamp <c>TIMESTAMP</c> (<c>yyyy-MM-dd HH:mm:ss.fffffff</c>,
/// trailing zeros dropped), instant <c>TIMESTAMPTZ</c> (the same in UTC with a <c>Z</c>), binary
/// <c>BLOB</c>. Scripts run statement by statement through SQLite's own parser (as
/// <c>sqlite3_exec</c> does), so an error names the line of the statement that failed; a cancelled
/// token calls <c>sqlite3_interrupt</c>, which stops the statement that is running.
/// </summary>
public sealed partial class SqliteDialect : ISqlDialect
{
    public static SqliteDialect Instance { get; } = new();

    private SqliteDialect() { }

    public SqlProvider Provider => SqlProvider.Sqlite;

    public string Name => "sqlite";

    public DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    public string BuildConnectionString(ConnectionParts parts, string workspaceRoot)
    {
        var path = parts.Path ?? throw new SqlConnectorException("no database file is given");
        if (path != ":memory:" && !path.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && !Path.IsPathRooted(path))
            path = Path.GetFullPath(Path.Combine(workspaceRoot, path));
        var builder = new SqliteConnectionStringBuilder { DataSource = path };
        foreach (var (key, value) in parts.Options)
        {
            try
            {
                builder[key] = value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
            {
                throw new SqlConnectorException($"SQLite does not accept the option '{key}' or its value");
            }
        }
        if (parts.Password is { } password) builder.Password = password;
        return builder.ConnectionString;
    }

    public IEnumerable<string> SensitiveValues(string connectionString)
    {
        var password = new SqliteConnectionStringBuilder(connectionString).Password;
        return string.IsNullOrEmpty(password) ? [] : [password];
    }

    public string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    public string QualifiedTable(string? schema, string table) =>
        string.IsNullOrEmpty(schema) ? QuoteIdentifier(table) : $"{QuoteIdentifier(schema)}.{QuoteIdentifier(table)}";

    public string ColumnDefinition(ColumnType type) => SqliteTypes.Declared(type);

    public string TruncateTable(string qualifiedTable) => $"DELETE FROM {qualifiedTable}";

    public IReadOnlyList<ColumnType> ResultTypes(DbConnection connection, DbDataReader reader, IReadOnlyList<object?[]> firstRows) =>
        SqliteTypes.ResultTypes((SqliteConnection)connection, reader, firstRows);

    public Task<long> ExecuteScriptAsync(DbConnection connection, string sql, CancellationToken cancel) =>
        Task.Run(() => SqliteScriptRunner.Run((SqliteConnection)connection, sql, cancel), cancel);

    public Task<T> ReadAsync<T>(DbConnection connection, string query, Func<DbDataReader, Task<T>> read, CancellationToken cancel) =>
        Task.Run(async () =>
        {
            var sqlite = (SqliteConnection)connection;
            using var interrupt = Interrupt(sqlite, cancel);
            try
            {
                await using var command = sqlite.CreateCommand();
                command.CommandText = query;
                command.CommandTimeout = 0;
                await using var reader = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false);
                return await read(reader).ConfigureAwait(false);
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SQLitePCL.raw.SQLITE_INTERRUPT && cancel.IsCancellationRequested)
            {
                throw new OperationCanceledException("the query was interrupted", e, cancel);
            }
        }, cancel);

    public SqlScriptException? ScriptError(Exception error, string sql) => error switch
    {
        SqlScriptException script => script,
        SqliteException sqlite => new SqlScriptException(DatabaseMessage(sqlite), null, sqlite),
        _ => null,
    };

    public Task<IBulkInserter> StartBulkInsertAsync(
        DbConnection connection, DbTransaction transaction, string? schema, string table, IReadOnlyList<ColumnSpec> columns, CancellationToken cancel) =>
        Task.FromResult<IBulkInserter>(new SqliteBulkInserter((SqliteConnection)connection, QualifiedTable(schema, table), columns, this));

    /// <summary>Calls <c>sqlite3_interrupt</c> on the connection when <paramref name="cancel"/> fires, until disposed.</summary>
    internal static CancellationTokenRegistration Interrupt(SqliteConnection connection, CancellationToken cancel)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("the SQLite connection is not open");
        return cancel.Register(() => SQLitePCL.raw.sqlite3_interrupt(handle));
    }

    /// <summary>SQLite's own text, without Microsoft.Data.Sqlite's "SQLite Error 19: '…'." frame.</summary>
    private static string DatabaseMessage(SqliteException e) =>
        ErrorFrame().Match(e.Message) is { Success: true } m ? m.Groups[1].Value : e.Message;

    [GeneratedRegex(@"^SQLite Error \d+: '(.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex ErrorFrame();
}
