using Pit.Connectors.Parquet;
using Pit.Connectors.Sql;
using Pit.Connectors.Tests.Support;
using Pit.Core.Dags;
using Xunit.Abstractions;

namespace Pit.Connectors.Tests.Parquet;

/// <summary>A million rows of int, string, double and timestamp, checked by count and checksums. The rate is printed, never asserted.</summary>
public class ParquetBulkLoaderVolumeSpecs(ITestOutputHelper output)
{
    private const int Rows = 1_000_000;
    private const int GroupRows = 100_000;
    private static readonly DateTime Start = new(2024, 1, 1);

    private static readonly ColumnSpec[] Columns =
    [
        new("id", new(ColumnKind.Int32)),
        new("name", new(ColumnKind.String)),
        new("amount", new(ColumnKind.Double)),
        new("at", new(ColumnKind.Timestamp)),
    ];

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_million_rows_load_completely_and_save_back(string provider)
    {
        await using var db = await ScratchDatabase.CreateAsync(provider);
        var file = db.Folder.Path("million.parquet");
        await ParquetFiles.WriteBatchesAsync(file, Columns, Enumerable.Range(0, Rows / GroupRows).Select(Group));

        var result = await ParquetBulkLoader.LoadAsync(db.Target, file, "million", db.Schema, LoadMode.CreateOrReplace, CancellationToken.None);
        output.WriteLine($"{provider}: {result.Rows:N0} rows in {result.Elapsed.TotalSeconds:F2} s = {result.RowsPerSecond:N0} rows/s");

        var table = db.Table("million");
        var seconds = provider == "sqlite" ? "CAST(strftime('%s', at) AS INTEGER)" : "CAST(EXTRACT(EPOCH FROM at) AS BIGINT)";
        var sums = (await db.RowsAsync(
            $"SELECT COUNT(*) AS n, SUM(id) AS ids, SUM(LENGTH(name)) AS chars, SUM(amount) AS amounts, SUM({seconds}) AS seconds FROM {table}"))[0];
        var offset = (long)(Start - DateTime.UnixEpoch).TotalSeconds;
        Assert.Equal((long)Rows, result.Rows);
        Assert.Equal(10, result.RowGroups);
        Assert.Equal(Rows, Convert.ToInt64(sums["n"]));
        Assert.Equal((long)Rows * (Rows - 1) / 2, Convert.ToInt64(sums["ids"]));
        Assert.Equal(Enumerable.Range(0, Rows).Sum(i => (long)Name(i).Length), Convert.ToInt64(sums["chars"]));
        Assert.Equal(Enumerable.Range(0, Rows).Sum(i => i * 0.25), Convert.ToDouble(sums["amounts"]));
        Assert.Equal((long)Rows * offset + (long)Rows * (Rows - 1) / 2, Convert.ToInt64(sums["seconds"]));

        var copy = db.Folder.Path("copy.parquet");
        var saved = await ParquetQueryWriter.SaveAsync(db.Target, $"SELECT * FROM {table}", copy, CancellationToken.None);
        output.WriteLine($"{provider}: saved {saved.Rows:N0} rows in {saved.Elapsed.TotalSeconds:F2} s = {saved.RowsPerSecond:N0} rows/s");
        Assert.Equal((Rows, (Rows + ParquetQueryWriter.RowGroupRows - 1) / ParquetQueryWriter.RowGroupRows), (saved.Rows, await ParquetFiles.RowGroupsAsync(copy)));
        Assert.Equal(Columns, await ParquetFiles.ColumnsAsync(copy));
    }

    private static string Name(int i) => $"customer-{i}-{(i % 7 == 0 ? "ünïcödé" : "plain")}";

    private static ColumnBatch Group(int group)
    {
        var ids = new int?[GroupRows];
        var names = new string?[GroupRows];
        var amounts = new double?[GroupRows];
        var times = new DateTime?[GroupRows];
        for (var r = 0; r < GroupRows; r++)
        {
            var i = group * GroupRows + r;
            ids[r] = i;
            names[r] = Name(i);
            amounts[r] = i * 0.25;
            times[r] = Start.AddSeconds(i);
        }
        return new ColumnBatch(Columns, [ids, names, amounts, times], GroupRows);
    }
}
