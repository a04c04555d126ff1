using Pit.Connectors.Parquet;
using Pit.Connectors.Sql;
using Pit.Connectors.Tests.Support;
using Pit.Core.Dags;

namespace Pit.Connectors.Tests.Parquet;

public class ParquetBulkLoaderSpecs
{
    private static readonly ColumnSpec[] People =
    [
        new("id", new ColumnType(ColumnKind.Int64)),
        new("name", new ColumnType(ColumnKind.String)),
    ];

    private static Task<LoadResult> Load(ScratchDatabase db, string file, string table, LoadMode mode) =>
        ParquetBulkLoader.LoadAsync(db.Target, file, table, db.Schema, mode, CancellationToken.None);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Create_or_replace_creates_the_table_from_the_file_and_replaces_an_existing_one(string provider)
    {
        await using var db = await ScratchDatabase.CreateAsync(provider);
        await db.RunAsync($"CREATE TABLE {db.Table("people")} (other TEXT); INSERT INTO {db.Table("people")} VALUES ('old');");
        var file = db.Folder.Path("people.parquet");
        await ParquetFiles.WriteAsync(file, People, [[1L, "Ann"], [2L, "Bob"]], [[3L, "Cid"]]);

        var result = await Load(db, file, "people", LoadMode.CreateOrReplace);

        Assert.Equal((3, 2), (result.Rows, result.RowGroups));
        Assert.Equal(6, await db.LongAsync($"SELECT SUM(id) FROM {db.Table("people")}"));
        Assert.Equal("Bob", (await db.RowsAsync($"SELECT name FROM {db.Table("people")} WHERE id = 2"))[0]["name"]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Append_adds_to_the_rows_already_there_matching_columns_by_name(string provider)
    {
        await using var db = await ScratchDatabase.CreateAsync(provider);
        var table = db.Table("people");
        await db.RunAsync($"CREATE TABLE {table} (name TEXT, id INTEGER, note TEXT); INSERT INTO {table} VALUES ('Old', 100, 'kept');");
        var file = db.Folder.Path("people.parquet");
        await ParquetFiles.WriteAsync(file, People, [[1L, "Ann"], [2L, "Bob"]]);

        await Load(db, file, "people", LoadMode.Append);
        await Load(db, file, "people", LoadMode.Append);

        Assert.Equal(5, await db.LongAsync($"SELECT COUNT(*) FROM {table}"));
        Assert.Equal(106, await db.LongAsync($"SELECT SUM(id) FROM {table}"));
        Assert.Equal(1, await db.LongAsync($"SELECT COUNT(*) FROM {table} WHERE note = 'kept'"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Truncate_and_load_replaces_the_rows_and_keeps_the_table(string provider)
    {
        await using var db = await ScratchDatabase.CreateAsync(provider);
        var table = db.Table("people");
        await db.RunAsync($"CREATE TABLE {table} (id BIGINT, name TEXT, note TEXT DEFAULT 'default'); INSERT INTO {table} VALUES (100, 'Old', 'x');");
        var file = db.Folder.Path("people.parquet");
        await ParquetFiles.WriteAsync(file, People, [[1L, "Ann"], [2L, "Bob"]]);

        await Load(db, file, "people", LoadMode.TruncateAndLoad);

        Assert.Equal(2, await db.LongAsync($"SELECT COUNT(*) FROM {table}"));
        Assert.Equal(3, await db.LongAsync($"SELECT SUM(id) FROM {table}"));
        Assert.Equal(2, await db.LongAsync($"SELECT COUNT(*) FROM {table} WHERE note = 'default'"));
    }

    [Theory]
    [InlineData("sqlite", LoadMode.Append)]
    [InlineData("sqlite", LoadMode.TruncateAndLoad)]
    [InlineData("postgres", LoadMode.Append)]
    [InlineData("postgres", LoadMode.TruncateAndLoad)]
    public async Task A_failing_row_group_rolls_the_whole_load_back_and_is_named(string provider, LoadMode mode)
    {
        await using var db = await ScratchDatabase.CreateAsync(provider);
        var table = db.Table("people");
        await db.RunAsync($"CREATE TABLE {table} (id BIGINT NOT NULL, name TEXT NOT NULL); INSERT INTO {table} VALUES (100, 'Old'), (200, 'Older');");
        var file = db.Folder.Path("people.parquet");
        await ParquetFiles.WriteAsync(file, People, [[1L, "Ann"], [2L, "Bob"]], [[3L, "Cid"], [4L, null], [5L, "Eve"]]);

        var error = await Assert.ThrowsAsync<SqlConnectorException>(() => Load(db, file, "people", mode));

        Assert.Contains("row group 1 (rows 3–5)", error.Message);
        Assert.Contains(provider == "sqlite" ? "NOT NULL constraint failed" : "violates not-null constraint", error.Message);
        Assert.Equal(300, await db.LongAsync($"SELECT SUM(id) FROM {table}"));
        Assert.Equal(2, await db.LongAsync($"SELECT COUNT(*) FROM {table}"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_file_column_missing_from_the_table_is_named_and_nothing_changes(string provider)
    {
        await using var db = await ScratchDatabase.CreateAsync(provider);
        var table = db.Table("people");
        await db.RunAsync($"CREATE TABLE {table} (id BIGINT); INSERT INTO {table} VALUES (7);");
        var file = db.Folder.Path("people.parquet");
        await ParquetFiles.WriteAsync(file, People, [[1L, "Ann"]]);

        var error = await Assert.ThrowsAsync<SqlConnectorException>(() => Load(db, file, "people", LoadMode.TruncateAndLoad));

        Assert.Contains("name", error.Message);
        Assert.Equal(7, await db.LongAsync($"SELECT SUM(id) FROM {table}"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Values_go_into_columns_of_other_types_where_they_fit(string provider)
    {
        await using var db = await ScratchDatabase.CreateAsync(provider);
        var table = db.Table("narrow");
        await db.RunAsync($"CREATE TABLE {table} (id INTEGER, amount NUMERIC(10,2), at TIMESTAMP)");
        var file = db.Folder.Path("narrow.parquet");
        ColumnSpec[] columns = [new("id", new(ColumnKind.Int64)), new("amount", new(ColumnKind.Double)), new("at", new(ColumnKind.TimestampUtc))];
        await ParquetFiles.WriteAsync(file, columns, [[5L, 2.5, new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc)]]);

        await Load(db, file, "narrow", LoadMode.Append);

        var row = (await db.RowsAsync($"SELECT id, amount FROM {table}"))[0];
        Assert.Equal(5L, Convert.ToInt64(row["id"]));
        Assert.Equal(2.5m, Convert.ToDecimal(row["amount"]));
    }

    [Fact]
    public async Task A_missing_file_is_named()
    {
        await using var db = await ScratchDatabase.CreateAsync("sqlite");

        var error = await Assert.ThrowsAsync<SqlConnectorException>(() => Load(db, db.Folder.Path("nope.parquet"), "t", LoadMode.Append));

        Assert.Contains("nope.parquet", error.Message);
    }
}
