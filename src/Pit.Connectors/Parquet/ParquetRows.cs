using global::Parquet;
using global::Parquet.Schema;
using Pit.Connectors.Sql;

namespace Pit.Connectors.Parquet;

/// <summary>
/// Rows as name → value to a Parquet file and back, for tasks without a Parquet library of their
/// own. Writing infers each column's type from its non-null values: all integers int64, integers
/// and floats double, all decimals decimal, booleans boolean, text string, dates date, times
/// timestamp (UTC ones as instants), bytes binary, all null string; values of kinds that do not mix
/// (text and numbers, say) are refused with the column's name. Columns come in the order their
/// names first appear. Reading gives .NET values: <c>int</c>, <c>long</c>, <c>double</c>,
/// <c>decimal</c>, <c>bool</c>, <c>string</c>, <c>DateOnly</c>, <c>DateTime</c>, <c>byte[]</c> or null.
/// </summary>
public static class ParquetRows
{
    /// <returns>The number of rows written.</returns>
    /// <exception cref="SqlConnectorException">A column mixes values of kinds that have no common type.</exception>
    public static async Task<long> WriteAsync(string parquetFile, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, CancellationToken cancel)
    {
        var names = rows.SelectMany(r => r.Keys).Distinct(StringComparer.Ordinal).ToList();
        var columns = names.Select(name => new ColumnSpec(name, Infer(name, rows))).ToList();
        var fields = columns.Select(ParquetColumns.FieldOf).ToList();

        var full = Path.GetFullPath(parquetFile);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true))
            await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, cancellationToken: cancel).ConfigureAwait(false))
            {
                for (var start = 0; start < rows.Count; start += ParquetQueryWriter.RowGroupRows)
                {
                    var count = Math.Min(ParquetQueryWriter.RowGroupRows, rows.Count - start);
                    await ParquetColumns.WriteRowGroupAsync(writer, fields, ToBatch(columns, rows, start, count), cancel).ConfigureAwait(false);
                }
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        return rows.Count;
    }

    /// <summary>Up to <paramref name="maxRows"/> rows from the start of the file.</summary>
    public static async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadAsync(string parquetFile, int maxRows, CancellationToken cancel)
    {
        if (!File.Exists(parquetFile)) throw new SqlConnectorException($"Parquet file not found: {parquetFile}");
        await using var reader = await ParquetReader.CreateAsync(parquetFile, ParquetColumns.ReadOptions, cancel).ConfigureAwait(false);
        var columns = ParquetColumns.Specs(reader.Schema, parquetFile);
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        for (var group = 0; group < reader.RowGroupCount && rows.Count < maxRows; group++)
        {
            var batch = await ParquetColumns.ReadRowGroupAsync(reader, group, columns, cancel).ConfigureAwait(false);
            for (var r = 0; r < batch.RowCount && rows.Count < maxRows; r++)
            {
                var row = new Dictionary<string, object?>(columns.Count, StringComparer.Ordinal);
                for (var c = 0; c < columns.Count; c++) row[columns[c].Name] = batch.Get(c, r);
                rows.Add(row);
            }
        }
        return rows;
    }

    private static ColumnType Infer(string name, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        var kinds = new HashSet<ColumnKind>();
        var scale = 0;
        foreach (var row in rows)
        {
            if (!row.TryGetValue(name, out var value) || value is null) continue;
            kinds.Add(value switch
            {
                long or int or short or byte or sbyte or ushort or uint => ColumnKind.Int64,
                double or float => ColumnKind.Double,
                decimal => ColumnKind.Decimal,
                bool => ColumnKind.Boolean,
                string => ColumnKind.String,
                DateOnly => ColumnKind.Date,
                DateTime { Kind: DateTimeKind.Utc } or DateTimeOffset => ColumnKind.TimestampUtc,
                DateTime => ColumnKind.Timestamp,
                byte[] => ColumnKind.Binary,
                _ => throw new SqlConnectorException($"column '{name}': a {value.GetType().Name} value cannot be written to Parquet"),
            });
            if (value is decimal m) scale = Math.Max(scale, m.Scale);
        }
        if (kinds.Count == 0) return new(ColumnKind.String);
        if (kinds.Count == 1) return kinds.Single() == ColumnKind.Decimal ? ColumnType.Decimal(38, scale) : new(kinds.Single());
        if (kinds.IsSubsetOf([ColumnKind.Int64, ColumnKind.Double, ColumnKind.Decimal]))
            return kinds.Contains(ColumnKind.Double) ? new(ColumnKind.Double) : ColumnType.Decimal(38, scale);
        if (kinds.IsSubsetOf([ColumnKind.Timestamp, ColumnKind.TimestampUtc])) return new(ColumnKind.TimestampUtc);
        throw new SqlConnectorException(
            $"column '{name}' mixes {string.Join(" and ", kinds.Select(k => k.ToString().ToLowerInvariant()).Order())} values, which have no common Parquet type");
    }

    private static ColumnBatch ToBatch(IReadOnlyList<ColumnSpec> columns, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, int start, int count)
    {
        var values = new Array[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            var column = columns[c];
            values[c] = ColumnValues.Allocate(column.Type.Kind, count);
            for (var r = 0; r < count; r++)
                ColumnValues.Set(values[c], column.Type, r, rows[start + r].GetValueOrDefault(column.Name), column.Name);
        }
        return new ColumnBatch(columns, values, count);
    }
}
