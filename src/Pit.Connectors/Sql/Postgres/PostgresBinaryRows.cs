using System.Buffers.Binary;
using System.Text;

namespace Pit.Connectors.Sql.Postgres;

/// <summary>
/// Writes a batch straight in PostgreSQL's binary COPY format (header, then per row a field count
/// and each field as a big-endian length and value, then the trailer) into the raw COPY stream,
/// through one reused buffer: no per-value parameter objects. It covers the common pairs of column
/// kind and target column type (<see cref="Supports"/>); a load with any other pair (numeric
/// columns, say) goes through Npgsql's importer instead. Integers are narrowed into smaller
/// integer columns only when they fit.
/// </summary>
internal sealed class PostgresBinaryRows
{
    /// <summary>The signature <c>PGCOPY\n\377\r\n\0</c>, then flags and header-extension length (both 0).</summary>
    private static readonly byte[] Header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', 0x0A, 0xFF, 0x0D, 0x0A, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];
    private const int FlushAt = 1 << 16;
    private static readonly long Epoch2000Ticks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly int Epoch2000Day = new DateOnly(2000, 1, 1).DayNumber;

    private delegate void FieldWriter(PostgresBinaryRows rows, int row);

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _at;
    private bool _started;

    /// <summary>The buffer keeps room past <see cref="FlushAt"/> for one row of fixed-size fields (at most 12 bytes each).</summary>
    public PostgresBinaryRows(Stream stream, int columns)
    {
        _stream = stream;
        _buffer = new byte[FlushAt + 64 + columns * 16];
    }

    /// <summary>True when a column of <paramref name="kind"/> can be written as <paramref name="targetType"/> (a PostgreSQL type name) by this writer.</summary>
    public static bool Supports(ColumnKind kind, string targetType) => Writer(kind, Target(targetType), ColumnValues.Allocate(kind, 0), "") is not null;

    /// <summary>Writes the rows of <paramref name="batch"/> (the header first, before the first batch).</summary>
    public async Task WriteAsync(ColumnBatch batch, IReadOnlyList<string> targetTypes, CancellationToken cancel)
    {
        var writers = new FieldWriter[batch.Columns.Count];
        for (var i = 0; i < writers.Length; i++)
            writers[i] = Writer(batch.Columns[i].Type.Kind, Target(targetTypes[i]), batch.Values[i], batch.Columns[i].Name)
                ?? throw new InvalidOperationException($"column {batch.Columns[i].Name}: {batch.Columns[i].Type.Kind} into {targetTypes[i]} is not written in binary here");
        if (!_started)
        {
            Put(Header);
            _started = true;
        }
        var fieldCount = (short)writers.Length;
        for (var row = 0; row < batch.RowCount; row++)
        {
            Int16(fieldCount);
            foreach (var write in writers) write(this, row);
            if (_at >= FlushAt)
            {
                cancel.ThrowIfCancellationRequested();
                await FlushAsync(cancel).ConfigureAwait(false);
            }
        }
        await FlushAsync(cancel).ConfigureAwait(false);
    }

    /// <summary>Writes the trailer that ends the COPY data.</summary>
    public async Task EndAsync(CancellationToken cancel)
    {
        if (!_started) Put(Header);
        Int16(-1);
        await FlushAsync(cancel).ConfigureAwait(false);
    }

    private static string Target(string type) => type switch
    {
        _ when type.StartsWith("character", StringComparison.Ordinal) => "text",
        "varchar" or "bpchar" or "name" => "text",
        _ => type,
    };

    private static FieldWriter? Writer(ColumnKind kind, string target, Array values, string column) => (kind, target) switch
    {
        (ColumnKind.Int32, "integer") => Each((int?[])values, (r, v) => r.Int32Field(v)),
        (ColumnKind.Int32, "bigint") => Each((int?[])values, (r, v) => r.Int64Field(v)),
        (ColumnKind.Int32, "smallint") => Each((int?[])values, (r, v) => r.Int16Field(NarrowToShort(v, column))),
        (ColumnKind.Int64, "bigint") => Each((long?[])values, (r, v) => r.Int64Field(v)),
        (ColumnKind.Int64, "integer") => Each((long?[])values, (r, v) => r.Int32Field(NarrowToInt(v, column))),
        (ColumnKind.Int64, "smallint") => Each((long?[])values, (r, v) => r.Int16Field(NarrowToShort(v, column))),
        (ColumnKind.Double, "double precision") => Each((double?[])values, (r, v) => r.Int64Field(BitConverter.DoubleToInt64Bits(v))),
        (ColumnKind.Double, "real") => Each((double?[])values, (r, v) => r.Int32Field(BitConverter.SingleToInt32Bits((float)v))),
        (ColumnKind.Boolean, "boolean") => Each((bool?[])values, (r, v) => r.ByteField(v ? (byte)1 : (byte)0)),
        (ColumnKind.String, "text") => EachReference((string?[])values, (r, v) => r.TextField(v)),
        (ColumnKind.Date, "date") => Each((DateOnly?[])values, (r, v) => r.Int32Field(v.DayNumber - Epoch2000Day)),
        (ColumnKind.Timestamp or ColumnKind.TimestampUtc, "timestamp without time zone") =>
            Each((DateTime?[])values, (r, v) => r.Int64Field((v.Ticks - Epoch2000Ticks) / 10)),
        (ColumnKind.Timestamp or ColumnKind.TimestampUtc, "timestamp with time zone") =>
            Each((DateTime?[])values, (r, v) => r.Int64Field(((v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : v).Ticks - Epoch2000Ticks) / 10)),
        (ColumnKind.Binary, "bytea") => EachReference((byte[]?[])values, (r, v) => r.BytesField(v)),
        _ => null,
    };

    private static int NarrowToInt(long value, string column) =>
        value is >= int.MinValue and <= int.MaxValue ? (int)value : throw new OverflowException($"column {column}: {value} does not fit an integer column");

    private static short NarrowToShort(long value, string column) =>
        value is >= short.MinValue and <= short.MaxValue ? (short)value : throw new OverflowException($"column {column}: {value} does not fit a smallint column");

    private static FieldWriter Each<T>(T?[] values, Action<PostgresBinaryRows, T> write) where T : struct =>
        (rows, row) =>
        {
            if (values[row] is { } v) write(rows, v);
            else rows.Int32(-1);
        };

    private static FieldWriter EachReference<T>(T?[] values, Action<PostgresBinaryRows, T> write) where T : class =>
        (rows, row) =>
        {
            if (values[row] is { } v) write(rows, v);
            else rows.Int32(-1);
        };

    private void Int16Field(short value)
    {
        Int32(2);
        Int16(value);
    }

    private void Int32Field(int value)
    {
        Int32(4);
        Int32(value);
    }

    private void Int64Field(long value)
    {
        Int32(8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_at), value);
        _at += 8;
    }

    private void ByteField(byte value)
    {
        Int32(1);
        _buffer[_at++] = value;
    }

    private void TextField(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        Reserve(4 + length);
        Int32(length);
        _at += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_at));
    }

    private void BytesField(byte[] value)
    {
        Reserve(4 + value.Length);
        Int32(value.Length);
        Put(value);
    }

    private void Int16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_at), value);
        _at += 2;
    }

    private void Int32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_at), value);
        _at += 4;
    }

    private void Put(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.AsSpan(_at));
        _at += bytes.Length;
    }

    /// <summary>Room for a value larger than the slack kept after <see cref="FlushAt"/> (a long text or byte string).</summary>
    private void Reserve(int bytes)
    {
        if (_at + bytes + 16 <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _at + bytes + 1024));
    }

    private async ValueTask FlushAsync(CancellationToken cancel)
    {
        await _stream.WriteAsync(_buffer.AsMemory(0, _at), cancel).ConfigureAwait(false);
        _at = 0;
    }
}
