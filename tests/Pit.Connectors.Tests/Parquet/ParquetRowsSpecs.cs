using Pit.Connectors.Parquet;
using Pit.Connectors.Sql;
using Pit.Connectors.Tests.Support;

namespace Pit.Connectors.Tests.Parquet;

public class ParquetRowsSpecs : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Dictionary<string, object?> Row(params (string Name, object? Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value);

    [Fact]
    public async Task Rows_are_written_with_inferred_types_and_read_back()
    {
        var file = _folder.Path("rows.parquet");
        IReadOnlyDictionary<string, object?>[] rows =
        [
            Row(("id", 1L), ("score", 1L), ("ok", true), ("name", "Ann"), ("nothing", null)),
            Row(("id", 2L), ("score", 2.5), ("ok", null), ("name", null), ("nothing", null), ("late", "only here")),
        ];

        Assert.Equal(2, await ParquetRows.WriteAsync(file, rows, CancellationToken.None));

        Assert.Equal(
            [new("id", new(ColumnKind.Int64)), new("score", new(ColumnKind.Double)), new("ok", new(ColumnKind.Boolean)),
             new("name", new(ColumnKind.String)), new("nothing", new(ColumnKind.String)), new("late", new(ColumnKind.String))],
            await ParquetFiles.ColumnsAsync(file));
        var back = await ParquetRows.ReadAsync(file, 10, CancellationToken.None);
        Assert.Equal([1L, 1.0, true, "Ann", null, null], back[0].Values);
        Assert.Equal([2L, 2.5, null, null, null, "only here"], back[1].Values);
    }

    [Fact]
    public async Task Dates_times_and_decimals_come_back_as_dotnet_values()
    {
        var file = _folder.Path("typed.parquet");
        var at = new DateTime(2024, 6, 1, 8, 30, 0);
        await ParquetRows.WriteAsync(file, [Row(("day", new DateOnly(2024, 6, 1)), ("at", at), ("price", 12.345m))], CancellationToken.None);

        var back = (await ParquetRows.ReadAsync(file, 10, CancellationToken.None))[0];

        Assert.Equal([new DateOnly(2024, 6, 1), at, 12.345m], back.Values);
    }

    [Fact]
    public async Task Reading_stops_at_max_rows()
    {
        var file = _folder.Path("many.parquet");
        await ParquetRows.WriteAsync(file, Enumerable.Range(0, 250).Select(i => (IReadOnlyDictionary<string, object?>)Row(("i", (long)i))).ToList(), CancellationToken.None);

        var back = await ParquetRows.ReadAsync(file, 100, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 100).Select(i => (object?)(long)i), back.Select(r => r["i"]));
    }

    [Fact]
    public async Task A_column_mixing_text_and_numbers_is_refused_by_name()
    {
        var file = _folder.Path("mixed.parquet");

        var error = await Assert.ThrowsAsync<SqlConnectorException>(() =>
            ParquetRows.WriteAsync(file, [Row(("code", 1L)), Row(("code", "A1"))], CancellationToken.None));

        Assert.Contains("'code'", error.Message);
        Assert.False(File.Exists(file));
    }
}
