using Pit.Connectors.Parquet;
using Pit.Connectors.Sql;
using Pit.Connectors.Tests.Support;

namespace Pit.Connectors.Tests.Parquet;

public class ParquetQueryWriterSpecs
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_query_result_is_written_with_types_from_its_columns(string provider)
    {
        await using var db = await ScratchDatabase.CreateAsync(provider);
        var table = db.Table("sales");
        await db.RunAsync($"""
            CREATE TABLE {table} (id INTEGER, region VARCHAR(20), amount NUMERIC(10,2), sold DATE, closed BOOLEAN);
            INSERT INTO {table} VALUES (1, 'north', 10.50, '2024-05-01', {(provider == "sqlite" ? "1" : "true")}),
                                       (2, NULL, NULL, NULL, NULL);
            """);
        var file = db.Folder.Path("out/sales.parquet");

        var result = await ParquetQueryWriter.SaveAsync(db.Target, $"SELECT id, region, amount, sold, closed, id * 2 AS twice FROM {table} ORDER BY id", file, CancellationToken.None);

        Assert.Equal((2, 1), (result.Rows, result.RowGroups));
        var columns = await ParquetFiles.ColumnsAsync(file);
        var integer = provider == "sqlite" ? ColumnKind.Int64 : ColumnKind.Int32;
        Assert.Equal(
            // SQLite's INTEGER is a storage class (64-bit); PostgreSQL's is 32-bit.
            [new(integer), new(ColumnKind.String), ColumnType.Decimal(10, 2), new(ColumnKind.Date), new(ColumnKind.Boolean), new(integer)],
            columns.Select(c => c.Type));
        var rows = await ParquetRows.ReadAsync(file, 10, CancellationToken.None);
        Assert.Equal([provider == "sqlite" ? 1L : (object)1, "north", 10.50m, new DateOnly(2024, 5, 1), true], rows[0].Values.Take(5));
        Assert.All(rows[1].Values.Skip(1).Take(4), Assert.Null);
    }

    [Fact]
    public async Task Sqlite_expression_columns_take_their_type_from_the_values()
    {
        await using var db = await ScratchDatabase.CreateAsync("sqlite");
        var file = db.Folder.Path("mixed.parquet");

        await ParquetQueryWriter.SaveAsync(db.Target,
            "SELECT 1 AS whole, 1.5 AS half, NULL AS blank UNION ALL SELECT 2, 3, 'late text' ORDER BY 1", file, CancellationToken.None);

        Assert.Equal(
            [new("whole", new(ColumnKind.Int64)), new("half", new(ColumnKind.Double)), new("blank", new(ColumnKind.String))],
            await ParquetFiles.ColumnsAsync(file));
        var rows = await ParquetRows.ReadAsync(file, 10, CancellationToken.None);
        Assert.Equal([2L, 3.0, "late text"], rows[1].Values);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_empty_result_gives_a_file_with_the_schema_and_no_rows(string provider)
    {
        await using var db = await ScratchDatabase.CreateAsync(provider);
        var table = db.Table("empty");
        await db.RunAsync($"CREATE TABLE {table} (id BIGINT, label TEXT)");
        var file = db.Folder.Path("empty.parquet");

        var result = await ParquetQueryWriter.SaveAsync(db.Target, $"SELECT * FROM {table}", file, CancellationToken.None);

        Assert.Equal(0, result.Rows);
        Assert.Equal([new("id", new(ColumnKind.Int64)), new("label", new(ColumnKind.String))], await ParquetFiles.ColumnsAsync(file));
        Assert.Empty(await ParquetRows.ReadAsync(file, 10, CancellationToken.None));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_failing_query_leaves_no_file_behind(string provider)
    {
        await using var db = await ScratchDatabase.CreateAsync(provider);
        var file = db.Folder.Path("never.parquet");

        var error = await Assert.ThrowsAsync<SqlScriptException>(() =>
            ParquetQueryWriter.SaveAsync(db.Target, "SELECT * FROM no_such_table", file, CancellationToken.None));

        Assert.Contains("no_such_table", error.Message);
        Assert.Empty(Directory.GetFiles(db.Folder.Root, "*.parquet*"));
    }

    [Fact]
    public async Task Repeated_column_names_are_made_distinct()
    {
        await using var db = await ScratchDatabase.CreateAsync("postgres");
        var file = db.Folder.Path("twice.parquet");

        await ParquetQueryWriter.SaveAsync(db.Target, "SELECT 1 AS a, 2 AS a, 3", file, CancellationToken.None);

        Assert.Equal(["a", "a_2", "?column?"], (await ParquetFiles.ColumnsAsync(file)).Select(c => c.Name));
    }
}
