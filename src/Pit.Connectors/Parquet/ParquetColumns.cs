using global::Parquet;
using global::Parquet.Schema;
using Pit.Connectors.Sql;

namespace Pit.Connectors.Parquet;

/// <summary>
/// Parquet fields and Pit's <see cref="ColumnType"/>s, both ways, and row groups as
/// <see cref="ColumnBatch"/>es. Reading: 8, 16 and 32-bit integers are int32, unsigned 32 and
/// 64-bit integers int64, float and double double, decimals keep precision and scale, dates are
/// dates, timestamps adjusted to UTC are instants and the others wall-clock timestamps, UUIDs text.
/// Writing: every field is optional (nullable), timestamps in microseconds, decimals as Parquet
/// decimals. Nested fields (lists, maps, structs) are not supported.
/// </summary>
public static class ParquetColumns
{
    /// <summary>The options Pit reads with: dates as <see cref="DateOnly"/>.</summary>
    public static ParquetOptions ReadOptions => new() { UseDateOnlyTypeForDates = true };

    /// <exception cref="SqlConnectorException">A field Pit cannot carry; the message names it.</exception>
    public static IReadOnlyList<ColumnSpec> Specs(ParquetSchema schema, string file)
    {
        var specs = new List<ColumnSpec>();
        foreach (var field in schema.Fields)
        {
            if (field is not DataField data || data.IsArray)
                throw new SqlConnectorException($"{file}: column '{field.Name}' is nested (a list, map or struct), which Pit cannot load");
            specs.Add(new ColumnSpec(data.Name, TypeOf(data) ??
                throw new SqlConnectorException($"{file}: column '{data.Name}' has a Parquet type ({data.ClrType.Name}) Pit cannot load")));
        }
        return specs;
    }

    public static ColumnType? TypeOf(DataField field)
    {
        switch (field)
        {
            case DecimalDataField d:
                var precision = Math.Clamp(d.Precision, 1, 38);
                return ColumnType.Decimal(precision, Math.Clamp(d.Scale, 0, precision));
            case DateTimeDataField { DateTimeFormat: DateTimeFormat.Date }:
                return new(ColumnKind.Date);
            case DateTimeDataField t:
                return new(t.IsAdjustedToUTC ? ColumnKind.TimestampUtc : ColumnKind.Timestamp);
        }
        var type = field.ClrType;
        if (type == typeof(int) || type == typeof(short) || type == typeof(ushort) || type == typeof(byte) || type == typeof(sbyte)) return new(ColumnKind.Int32);
        if (type == typeof(long) || type == typeof(uint) || type == typeof(ulong)) return new(ColumnKind.Int64);
        if (type == typeof(double) || type == typeof(float)) return new(ColumnKind.Double);
        if (type == typeof(decimal)) return ColumnType.WideDecimal;
        if (type == typeof(bool)) return new(ColumnKind.Boolean);
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>) || type == typeof(Guid)) return new(ColumnKind.String);
        if (type == typeof(DateOnly)) return new(ColumnKind.Date);
        if (type == typeof(DateTime)) return new(ColumnKind.Timestamp);
        if (type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>)) return new(ColumnKind.Binary);
        return null;
    }

    public static DataField FieldOf(ColumnSpec column) => column.Type.Kind switch
    {
        ColumnKind.Int32 => new DataField<int?>(column.Name),
        ColumnKind.Int64 => new DataField<long?>(column.Name),
        ColumnKind.Double => new DataField<double?>(column.Name),
        ColumnKind.Decimal => new DecimalDataField(column.Name, column.Type.Precision, column.Type.Scale, false, true),
        ColumnKind.Boolean => new DataField<bool?>(column.Name),
        ColumnKind.String => new DataField<string>(column.Name, true),
        ColumnKind.Date => new DataField<DateOnly?>(column.Name),
        ColumnKind.Timestamp => new DateTimeDataField(column.Name, DateTimeFormat.Timestamp, false, DateTimeTimeUnit.Micros, true),
        ColumnKind.TimestampUtc => new DateTimeDataField(column.Name, DateTimeFormat.Timestamp, true, DateTimeTimeUnit.Micros, true),
        ColumnKind.Binary => new DataField<byte[]>(column.Name, true),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, null),
    };

    /// <summary>One row group of <paramref name="reader"/> as a batch of <paramref name="columns"/> (from <see cref="Specs"/>).</summary>
    public static async Task<ColumnBatch> ReadRowGroupAsync(ParquetReader reader, int index, IReadOnlyList<ColumnSpec> columns, CancellationToken cancel)
    {
        var group = reader.OpenRowGroupReader(index);
        var rows = checked((int)group.RowCount);
        var fields = reader.Schema.GetDataFields();
        var values = new Array[columns.Count];
        for (var i = 0; i < columns.Count; i++)
            values[i] = await ReadColumnAsync(group, fields[i], columns[i].Type.Kind, rows, cancel).ConfigureAwait(false);
        return new ColumnBatch(columns, values, rows);
    }

    private static async Task<Array> ReadColumnAsync(ParquetRowGroupReader group, DataField field, ColumnKind kind, int rows, CancellationToken cancel)
    {
        var type = field.ClrType;
        if (kind == ColumnKind.String && type != typeof(Guid))
        {
            var text = new string?[rows];
            await group.ReadAsync(field, text.AsMemory(), null, cancel).ConfigureAwait(false);
            return text;
        }
        if (kind == ColumnKind.Binary)
        {
            var bytes = new byte[]?[rows];
            await group.ReadAsync(field, bytes.AsMemory(), null, cancel).ConfigureAwait(false);
            return bytes;
        }
        if (type == typeof(int)) return await Read<int>(group, field, rows, cancel).ConfigureAwait(false);
        if (type == typeof(long)) return await Read<long>(group, field, rows, cancel).ConfigureAwait(false);
        if (type == typeof(double)) return await Read<double>(group, field, rows, cancel).ConfigureAwait(false);
        if (type == typeof(decimal)) return await Read<decimal>(group, field, rows, cancel).ConfigureAwait(false);
        if (type == typeof(bool)) return await Read<bool>(group, field, rows, cancel).ConfigureAwait(false);
        if (type == typeof(DateOnly)) return await Read<DateOnly>(group, field, rows, cancel).ConfigureAwait(false);
        if (type == typeof(DateTime)) return WithKind(await Read<DateTime>(group, field, rows, cancel).ConfigureAwait(false), kind);
        if (type == typeof(short)) return Widen(await Read<short>(group, field, rows, cancel).ConfigureAwait(false), v => (int)v);
        if (type == typeof(ushort)) return Widen(await Read<ushort>(group, field, rows, cancel).ConfigureAwait(false), v => (int)v);
        if (type == typeof(byte)) return Widen(await Read<byte>(group, field, rows, cancel).ConfigureAwait(false), v => (int)v);
        if (type == typeof(sbyte)) return Widen(await Read<sbyte>(group, field, rows, cancel).ConfigureAwait(false), v => (int)v);
        if (type == typeof(uint)) return Widen(await Read<uint>(group, field, rows, cancel).ConfigureAwait(false), v => (long)v);
        if (type == typeof(ulong)) return Widen(await Read<ulong>(group, field, rows, cancel).ConfigureAwait(false), v => checked((long)v));
        if (type == typeof(float)) return Widen(await Read<float>(group, field, rows, cancel).ConfigureAwait(false), v => (double)v);
        if (type == typeof(Guid)) return Widen(await Read<Guid>(group, field, rows, cancel).ConfigureAwait(false), v => v.ToString());
        throw new SqlConnectorException($"column '{field.Name}' has a Parquet type ({type.Name}) Pit cannot load");
    }

    private static async Task<T?[]> Read<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancel) where T : struct
    {
        var values = new T?[rows];
        await group.ReadAsync<T>(field, values.AsMemory(), null, cancel).ConfigureAwait(false);
        return values;
    }

    private static TOut?[] Widen<TIn, TOut>(TIn?[] values, Func<TIn, TOut> convert) where TIn : struct =>
        Array.ConvertAll(values, v => v is { } x ? convert(x) : default(TOut?));

    /// <summary>Parquet.Net labels wall-clock timestamps as local time; Pit keeps them unspecified, and instants as UTC.</summary>
    private static DateTime?[] WithKind(DateTime?[] values, ColumnKind kind)
    {
        var target = kind == ColumnKind.TimestampUtc ? DateTimeKind.Utc : DateTimeKind.Unspecified;
        for (var i = 0; i < values.Length; i++)
            if (values[i] is { } v && v.Kind != target) values[i] = DateTime.SpecifyKind(v, target);
        return values;
    }

    /// <summary>Writes <paramref name="batch"/> as one row group; <paramref name="fields"/> come from <see cref="FieldOf"/>.</summary>
    public static async Task WriteRowGroupAsync(ParquetWriter writer, IReadOnlyList<DataField> fields, ColumnBatch batch, CancellationToken cancel)
    {
        using var group = writer.CreateRowGroup();
        var n = batch.RowCount;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var values = batch.Values[i];
            switch (batch.Columns[i].Type.Kind)
            {
                case ColumnKind.Int32: await group.WriteAsync<int>(field, ((int?[])values).AsMemory(0, n), null, null, cancel).ConfigureAwait(false); break;
                case ColumnKind.Int64: await group.WriteAsync<long>(field, ((long?[])values).AsMemory(0, n), null, null, cancel).ConfigureAwait(false); break;
                case ColumnKind.Double: await group.WriteAsync<double>(field, ((double?[])values).AsMemory(0, n), null, null, cancel).ConfigureAwait(false); break;
                case ColumnKind.Decimal: await group.WriteAsync<decimal>(field, ((decimal?[])values).AsMemory(0, n), null, null, cancel).ConfigureAwait(false); break;
                case ColumnKind.Boolean: await group.WriteAsync<bool>(field, ((bool?[])values).AsMemory(0, n), null, null, cancel).ConfigureAwait(false); break;
                case ColumnKind.Date: await group.WriteAsync<DateOnly>(field, ((DateOnly?[])values).AsMemory(0, n), null, null, cancel).ConfigureAwait(false); break;
                case ColumnKind.Timestamp or ColumnKind.TimestampUtc:
                    await group.WriteAsync<DateTime>(field, ((DateTime?[])values).AsMemory(0, n), null, null, cancel).ConfigureAwait(false); break;
                case ColumnKind.String: await group.WriteAsync(field, new ArraySegment<string>((string[])values, 0, n)).ConfigureAwait(false); break;
                case ColumnKind.Binary: await group.WriteAsync(field, new ArraySegment<byte[]>((byte[][])values, 0, n)).ConfigureAwait(false); break;
            }
        }
        group.CompleteValidate();
    }
}
