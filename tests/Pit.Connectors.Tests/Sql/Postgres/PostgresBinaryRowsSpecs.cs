using Pit.Connectors.Parquet;
using Pit.Connectors.Sql;
using Pit.Connectors.Tests.Support;
using Pit.Core.Dags;

namespace Pit.Connectors.Tests.Sql.Postgres;

/// <summary>Pit's binary COPY writer into existing PostgreSQL tables whose column types differ from the file's.</summary>
public class PostgresBinaryRowsSpecs
{
    private static readonly ColumnSpec[] Columns = [new("id", new(ColumnKind.Int64)), new("name", new(ColumnKind.String)), new("at", new(ColumnKind.Timestamp))];

    [Fact]
    public async Task Wider_values_go_into_narrower_columns_when_they_fit_and_text_into_varchar()
    {
        await using var db = await ScratchDatabase.CreateAsync("postgres");
        await db.RunAsync($"CREATE TABLE {db.Table("narrow")} (id integer, name varchar(20), at timestamptz)");
        var file = db.Folder.Path("narrow.parquet");
        await ParquetFiles.WriteAsync(file, Columns, [[1L, "één", new DateTime(2026, 1, 2, 3, 4, 5)], [2147483647L, null, null]]);

        var loaded = await ParquetBulkLoader.LoadAsync(db.Target, file, "narrow", db.Schema, LoadMode.Append, CancellationToken.None);

        Assert.Equal(2, loaded.Rows);
        Assert.Equal(2147483648L, await db.LongAsync($"SELECT SUM(id) FROM {db.Table("narrow")}"));
        Assert.Equal("één", (await db.RowsAsync($"SELECT name FROM {db.Table("narrow")} WHERE id = 1"))[0]["name"]);
        Assert.Equal(1, await db.LongAsync($"SELECT COUNT(*) FROM {db.Table("narrow")} WHERE at = timestamptz '2026-01-02 03:04:05+00'"));
    }

    [Fact]
    public async Task A_value_too_big_for_its_column_fails_the_load_naming_the_column_and_the_table_keeps_its_rows()
    {
        await using var db = await ScratchDatabase.CreateAsync("postgres");
        await db.RunAsync($"CREATE TABLE {db.Table("narrow")} (id integer, name text, at timestamp); INSERT INTO {db.Table("narrow")} VALUES (7, 'kept', NULL)");
        var file = db.Folder.Path("big.parquet");
        await ParquetFiles.WriteAsync(file, Columns, [[1L, "fine", null]], [[9_000_000_000L, "too big", null]]);

        var error = await Assert.ThrowsAsync<SqlConnectorException>(() =>
            ParquetBulkLoader.LoadAsync(db.Target, file, "narrow", db.Schema, LoadMode.Append, CancellationToken.None));

        Assert.Contains("row group 1", error.Message);
        Assert.Contains("column id: 9000000000 does not fit an integer column", error.Message);
        Assert.Equal(7, await db.LongAsync($"SELECT SUM(id) FROM {db.Table("narrow")}"));
    }
}
