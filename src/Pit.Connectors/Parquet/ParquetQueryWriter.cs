using System.Data.Common;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using global::Parquet;
using Pit.Connectors.Sql;

namespace Pit.Connectors.Parquet;

/// <summary>
/// Streams a query's result into a Parquet file, <see cref="RowGroupRows"/> rows per row group
/// (memory holds one row group). The schema comes from the result's column types through the
/// dialect (int32, int64, double, decimal with precision and scale, boolean, string, date,
/// timestamp, instant, binary; every column nullable). The file is written under a temporary name
/// beside the target and renamed when complete, so a failed save leaves no partial file.
/// </summary>
public static class ParquetQueryWriter
{
    public const int RowGroupRows = 32_768;

    /// <exception cref="SqlScriptException">The database refused the query.</exception>
    /// <exception cref="SqlConnectorException">The connection failed, or a value does not fit its column's type.</exception>
    public static async Task<SaveResult> SaveAsync(SqlTarget target, string query, string parquetFile, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var directory = Path.GetDirectoryName(Path.GetFullPath(parquetFile))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(parquetFile)}.{Guid.NewGuid():N}.tmp");
        await using var connection = await SqlConnections.OpenAsync(target, cancel).ConfigureAwait(false);
        try
        {
            var (rows, groups) = await target.Dialect.ReadAsync(
                connection, query, reader => WriteAsync(target.Dialect, connection, reader, temporary, cancel), cancel).ConfigureAwait(false);
            File.Move(temporary, parquetFile, overwrite: true);
            return new SaveResult(rows, groups, clock.Elapsed);
        }
        catch (Exception e)
        {
            File.Delete(temporary);
            var translated = SqlConnections.Translate(target, e, query, cancel);
            if (ReferenceEquals(translated, e)) ExceptionDispatchInfo.Throw(e);
            throw translated;
        }
    }

    /// <remarks>
    /// The first row group is read as rows, from which the column types are told (SQLite needs the
    /// values for columns without a declared type); every later one goes straight into typed arrays
    /// reused from group to group, so no row outlives its group and memory stays flat.
    /// </remarks>
    private static async Task<(long Rows, int Groups)> WriteAsync(
        ISqlDialect dialect, DbConnection connection, DbDataReader reader, string file, CancellationToken cancel)
    {
        var first = new List<object?[]>(RowGroupRows);
        var more = await FillAsync(reader, first, cancel).ConfigureAwait(false);
        var types = dialect.ResultTypes(connection, reader, first);
        var columns = UniqueNames(reader).Select((name, i) => new ColumnSpec(name, types[i])).ToList();
        var fields = columns.Select(ParquetColumns.FieldOf).ToList();

        await using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true);
        await using var writer = await ParquetWriter.CreateAsync(new global::Parquet.Schema.ParquetSchema(fields), stream, cancellationToken: cancel).ConfigureAwait(false);
        if (first.Count == 0) return (0, 0);
        await ParquetColumns.WriteRowGroupAsync(writer, fields, ToBatch(columns, first), cancel).ConfigureAwait(false);
        long rows = first.Count;
        var groups = 1;
        first = null;

        var arrays = columns.Select(c => ColumnValues.Allocate(c.Type.Kind, RowGroupRows)).ToArray();
        while (more)
        {
            var count = 0;
            while (count < RowGroupRows && (more = await reader.ReadAsync(cancel).ConfigureAwait(false)))
            {
                for (var c = 0; c < arrays.Length; c++)
                    ColumnValues.Set(arrays[c], columns[c].Type, count, reader.IsDBNull(c) ? null : reader.GetValue(c), columns[c].Name);
                count++;
            }
            if (count == 0) break;
            await ParquetColumns.WriteRowGroupAsync(writer, fields, new ColumnBatch(columns, arrays, count), cancel).ConfigureAwait(false);
            rows += count;
            groups++;
        }
        return (rows, groups);
    }

    /// <summary>Reads up to <see cref="RowGroupRows"/> rows; false when the result is exhausted.</summary>
    private static async Task<bool> FillAsync(DbDataReader reader, List<object?[]> buffer, CancellationToken cancel)
    {
        while (buffer.Count < RowGroupRows)
        {
            if (!await reader.ReadAsync(cancel).ConfigureAwait(false)) return false;
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            buffer.Add(row);
        }
        return true;
    }

    private static ColumnBatch ToBatch(IReadOnlyList<ColumnSpec> columns, List<object?[]> rows)
    {
        var values = new Array[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            var column = columns[c];
            values[c] = ColumnValues.Allocate(column.Type.Kind, rows.Count);
            for (var r = 0; r < rows.Count; r++)
                ColumnValues.Set(values[c], column.Type, r, rows[r][c], column.Name);
        }
        return new ColumnBatch(columns, values, rows.Count);
    }

    /// <summary>Parquet needs distinct names: a repeated one gets <c>_2</c>, <c>_3</c>, …; an empty one <c>column_N</c>.</summary>
    private static IReadOnlyList<string> UniqueNames(DbDataReader reader)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<string>();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var name = reader.GetName(i) is { Length: > 0 } n ? n : $"column_{i + 1}";
            var unique = name;
            for (var k = 2; !seen.Add(unique); k++) unique = $"{name}_{k}";
            names.Add(unique);
        }
        return names;
    }
}
