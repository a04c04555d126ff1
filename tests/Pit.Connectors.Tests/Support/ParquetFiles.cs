using Parquet;
using Parquet.Schema;
using Pit.Connectors.Parquet;
using Pit.Connectors.Sql;

namespace Pit.Connectors.Tests.Support;

/// <summary>Parquet files with the row groups a test needs, written with Parquet.Net through <see cref="ParquetColumns"/>.</summary>
public static class ParquetFiles
{
    /// <summary>Writes one row group per element of <paramref name="rowGroups"/>; each row's values are in <paramref name="columns"/>' order.</summary>
    public static Task WriteAsync(string path, IReadOnlyList<ColumnSpec> columns, params object?[][][] rowGroups) =>
        WriteBatchesAsync(path, columns, rowGroups.Select(rows => Batch(columns, rows)));

    public static async Task WriteBatchesAsync(string path, IReadOnlyList<ColumnSpec> columns, IEnumerable<ColumnBatch> batches)
    {
        var fields = columns.Select(ParquetColumns.FieldOf).ToList();
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
        foreach (var batch in batches) await ParquetColumns.WriteRowGroupAsync(writer, fields, batch, CancellationToken.None);
    }

    public static ColumnBatch Batch(IReadOnlyList<ColumnSpec> columns, object?[][] rows)
    {
        var values = columns.Select((c, i) =>
        {
            var array = ColumnValues.Allocate(c.Type.Kind, rows.Length);
            for (var r = 0; r < rows.Length; r++) ColumnValues.Set(array, c.Type, r, rows[r][i], c.Name);
            return array;
        }).ToList();
        return new ColumnBatch(columns, values, rows.Length);
    }

    /// <summary>The file's columns as Pit reads them.</summary>
    public static async Task<IReadOnlyList<ColumnSpec>> ColumnsAsync(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        return ParquetColumns.Specs(reader.Schema, path);
    }

    /// <summary>How many row groups the file has.</summary>
    public static async Task<int> RowGroupsAsync(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        return reader.RowGroupCount;
    }
}
