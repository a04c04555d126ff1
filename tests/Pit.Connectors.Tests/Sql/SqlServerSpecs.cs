using Pit.Connectors.Parquet;
using Pit.Connectors.Sql;
using Pit.Connectors.Tests.Support;
using Pit.Core.Dags;
using Xunit.Abstractions;

namespace Pit.Connectors.Tests.Sql;

/// <summary>
/// SQL Server runs only where <c>PIT_TEST_MSSQL</c> holds a connection string (there is no SQL
/// Server in CI); elsewhere each test returns at once and says why.
/// </summary>
public class SqlServerSpecs(ITestOutputHelper output)
{
    private static string? ConnectionString => Environment.GetEnvironmentVariable("PIT_TEST_MSSQL") is { Length: > 0 } value ? value : null;

    private SqlTarget? Target()
    {
        if (ConnectionString is not { } connectionString)
        {
            output.WriteLine("PIT_TEST_MSSQL is not set: there is no SQL Server to test against, so this test checks nothing");
            return null;
        }
        return SqlTargets.Resolve("mssql", Secrets.Plain(connectionString), "/");
    }

    [Fact]
    public async Task A_script_runs_and_an_error_gives_its_line()
    {
        if (Target() is not { } target) return;
        var table = $"pit_test_{Guid.NewGuid():N}";

        var result = await SqlScript.RunAsync(target, $"CREATE TABLE {table} (id INT);\nINSERT INTO {table} VALUES (1), (2);\nDROP TABLE {table};", CancellationToken.None);
        var error = await Assert.ThrowsAsync<SqlScriptException>(() => SqlScript.RunAsync(target, "SELECT 1;\n\nSELECT * FROM no_such_table;", CancellationToken.None));

        Assert.Equal(2, result.RowsAffected);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public async Task A_parquet_file_loads_and_saves_back()
    {
        if (Target() is not { } target) return;
        using var folder = new TempFolder();
        var table = $"pit_test_{Guid.NewGuid():N}";
        ColumnSpec[] columns = [new("id", new(ColumnKind.Int32)), new("name", new(ColumnKind.String)), new("at", new(ColumnKind.Timestamp))];
        await ParquetFiles.WriteAsync(folder.Path("in.parquet"), columns, [[1, "Ann", new DateTime(2024, 1, 1)], [2, null, null]]);

        try
        {
            var loaded = await ParquetBulkLoader.LoadAsync(target, folder.Path("in.parquet"), table, null, LoadMode.CreateOrReplace, CancellationToken.None);
            var saved = await ParquetQueryWriter.SaveAsync(target, $"SELECT * FROM {table} ORDER BY id", folder.Path("out.parquet"), CancellationToken.None);

            Assert.Equal((2, 2), (loaded.Rows, saved.Rows));
            Assert.Equal(columns, await ParquetFiles.ColumnsAsync(folder.Path("out.parquet")));
        }
        finally
        {
            await SqlScript.RunAsync(target, $"DROP TABLE IF EXISTS {table}", CancellationToken.None);
        }
    }
}
