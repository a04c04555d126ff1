using Pit.Connectors.Sql;

namespace Pit.Connectors.Tests.Support;

/// <summary>
/// A database of its own for one test: a new SQLite file in a temp folder, or a new schema on the
/// test PostgreSQL server (dropped on dispose), so tests run in parallel without sharing tables.
/// Parquet files go in <see cref="Folder"/>.
/// </summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private ScratchDatabase(SqlTarget target, string? schema, TempFolder folder)
    {
        Target = target;
        Schema = schema;
        Folder = folder;
    }

    public SqlTarget Target { get; }

    /// <summary>The test's schema on PostgreSQL; null on SQLite.</summary>
    public string? Schema { get; }

    public TempFolder Folder { get; }

    public static async Task<ScratchDatabase> CreateAsync(string provider)
    {
        var folder = new TempFolder();
        if (provider == "sqlite")
            return new ScratchDatabase(SqlTargets.Resolve("scratch", Secrets.Plain("scratch.db"), folder.Root), null, folder);

        try
        {
            var schema = "pit_test_" + Guid.NewGuid().ToString("N")[..12];
            var target = PostgresServer.Target("scratch");
            await SqlScript.RunAsync(target, $"CREATE SCHEMA {schema}", CancellationToken.None);
            return new ScratchDatabase(target, schema, folder);
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    /// <summary>The quoted, schema-qualified name of a table.</summary>
    public string Table(string name) => Target.Dialect.QualifiedTable(Schema, name);

    public Task<SqlScriptResult> RunAsync(string sql) => SqlScript.RunAsync(Target, sql, CancellationToken.None);

    public async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> RowsAsync(string query, int maxRows = 1000) =>
        await SqlRowReader.ReadAsync(Target, query, maxRows, CancellationToken.None);

    /// <summary>The first column of the first row, as a long (counts and sums).</summary>
    public async Task<long> LongAsync(string query) =>
        Convert.ToInt64((await RowsAsync(query, 1))[0].Values.First(), System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        if (Schema is not null) await RunAsync($"DROP SCHEMA IF EXISTS {Schema} CASCADE");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Folder.Dispose();
    }
}
