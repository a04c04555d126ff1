using Pit.Connectors.Parquet;
using Pit.Connectors.Sql;
using Pit.Connectors.Tests.Support;
using Pit.Core.Dags;

namespace Pit.Connectors.Tests.Parquet;

/// <summary>Parquet → table → Parquet keeps every type, and NULL in every type.</summary>
public class ParquetRoundTripSpecs
{
    private static readonly ColumnSpec[] Columns =
    [
        new("id", new(ColumnKind.Int32)),
        new("big", new(ColumnKind.Int64)),
        new("ratio", new(ColumnKind.Double)),
        new("price", ColumnType.Decimal(12, 3)),
        new("active", new(ColumnKind.Boolean)),
        new("label", new(ColumnKind.String)),
        new("day", new(ColumnKind.Date)),
        new("at", new(ColumnKind.Timestamp)),
        new("seen", new(ColumnKind.TimestampUtc)),
        new("blob", new(ColumnKind.Binary)),
    ];

    private static readonly object?[][] Rows =
    [
        [1, 9_000_000_000L, 0.1, 123456789.125m, true, "naïve café ☕ 東京", new DateOnly(2024, 2, 29),
            new DateTime(2024, 2, 29, 23, 59, 58, 123).AddTicks(4560), new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), new byte[] { 0, 1, 255 }],
        [2, -1L, -1e300, -0.001m, false, "", new DateOnly(1, 1, 1), new DateTime(1970, 1, 1), new DateTime(2038, 1, 19, 3, 14, 7, DateTimeKind.Utc), Array.Empty<byte>()],
        [3, null, null, null, null, null, null, null, null, null],
        [null, long.MaxValue, double.MaxValue, 999999999.999m, true, "it's \"quoted\"; -- not a comment", new DateOnly(9999, 12, 31),
            new DateTime(9999, 12, 31, 23, 59, 59), new DateTime(1999, 12, 31, 23, 0, 0, DateTimeKind.Utc), null],
    ];

    /// <remarks>
    /// Without a decimal column, PostgreSQL loads go through Pit's own binary COPY writer
    /// (<c>PostgresBinaryRows</c>); with one, through Npgsql's importer: both paths are checked.
    /// </remarks>
    [Theory]
    [InlineData("sqlite", true)]
    [InlineData("postgres", true)]
    [InlineData("postgres", false)]
    public async Task Every_type_and_null_survive_parquet_to_table_to_parquet(string provider, bool withDecimal)
    {
        await using var db = await ScratchDatabase.CreateAsync(provider);
        var source = db.Folder.Path("source.parquet");
        var copy = db.Folder.Path("copy.parquet");
        var kept = Enumerable.Range(0, Columns.Length).Where(i => withDecimal || Columns[i].Type.Kind != ColumnKind.Decimal).ToArray();
        var columns = kept.Select(i => Columns[i]).ToArray();
        await ParquetFiles.WriteAsync(source, columns, Rows.Select(row => kept.Select(i => row[i]).ToArray()).ToArray());

        await ParquetBulkLoader.LoadAsync(db.Target, source, "everything", db.Schema, LoadMode.CreateOrReplace, CancellationToken.None);
        var saved = await ParquetQueryWriter.SaveAsync(db.Target, $"SELECT * FROM {db.Table("everything")} ORDER BY big NULLS FIRST", copy, CancellationToken.None);

        Assert.Equal(4, saved.Rows);
        Assert.Equal(columns, await ParquetFiles.ColumnsAsync(copy));
        var expected = await ParquetRows.ReadAsync(source, 100, CancellationToken.None);
        var actual = await ParquetRows.ReadAsync(copy, 100, CancellationToken.None);
        var byBig = expected.OrderBy(r => (long?)r["big"]).ToList();
        for (var i = 0; i < byBig.Count; i++)
            foreach (var column in columns)
                Assert.True(Same(byBig[i][column.Name], actual[i][column.Name]),
                    $"row {i}, column {column.Name}: expected {Show(byBig[i][column.Name])}, got {Show(actual[i][column.Name])}");
    }

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        (DateTime x, DateTime y) => x == y && x.Kind == y.Kind,
        _ => Equals(a, b),
    };

    private static string Show(object? value) => value switch
    {
        null => "null",
        DateTime t => $"{t:o} ({t.Kind})",
        byte[] b => Convert.ToHexString(b),
        _ => $"{value} ({value.GetType().Name})",
    };
}
