using System.Collections;
using System.Data.Common;

namespace Pit.Connectors.Sql.SqlServer;

/// <summary>
/// A forward-only <see cref="DbDataReader"/> over a <see cref="ColumnBatch"/>, for <c>SqlBulkCopy</c>.
/// Dates come out as <see cref="DateTime"/> and instants as <see cref="DateTimeOffset"/>, the types
/// SqlClient converts to every date column.
/// </summary>
internal sealed class ColumnBatchReader(ColumnBatch batch) : DbDataReader
{
    private int _row = -1;

    public override int FieldCount => batch.Columns.Count;

    public override bool Read() => ++_row < batch.RowCount;

    public override object GetValue(int ordinal) => batch.Get(ordinal, _row) switch
    {
        null => DBNull.Value,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        DateTime t when batch.Columns[ordinal].Type.Kind == ColumnKind.TimestampUtc => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
        var v => v,
    };

    public override Type GetFieldType(int ordinal) => batch.Columns[ordinal].Type.Kind switch
    {
        ColumnKind.Int32 => typeof(int),
        ColumnKind.Int64 => typeof(long),
        ColumnKind.Double => typeof(double),
        ColumnKind.Decimal => typeof(decimal),
        ColumnKind.Boolean => typeof(bool),
        ColumnKind.String => typeof(string),
        ColumnKind.Date or ColumnKind.Timestamp => typeof(DateTime),
        ColumnKind.TimestampUtc => typeof(DateTimeOffset),
        _ => typeof(byte[]),
    };

    public override string GetName(int ordinal) => batch.Columns[ordinal].Name;

    public override int GetOrdinal(string name)
    {
        for (var i = 0; i < batch.Columns.Count; i++)
            if (string.Equals(batch.Columns[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        throw new IndexOutOfRangeException($"no column '{name}'");
    }

    public override bool IsDBNull(int ordinal) => batch.Get(ordinal, _row) is null;

    public override int GetValues(object[] values)
    {
        var n = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < n; i++) values[i] = GetValue(i);
        return n;
    }

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override string GetDataTypeName(int ordinal) => GetFieldType(ordinal).Name;

    public override bool GetBoolean(int ordinal) => (bool)GetValue(ordinal);

    public override byte GetByte(int ordinal) => (byte)GetValue(ordinal);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var bytes = (byte[])GetValue(ordinal);
        if (buffer is null) return bytes.Length;
        var n = (int)Math.Max(0, Math.Min(length, bytes.Length - dataOffset));
        Array.Copy(bytes, dataOffset, buffer, bufferOffset, n);
        return n;
    }

    public override char GetChar(int ordinal) => GetString(ordinal)[0];

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var text = GetString(ordinal);
        if (buffer is null) return text.Length;
        var n = (int)Math.Max(0, Math.Min(length, text.Length - dataOffset));
        text.CopyTo((int)dataOffset, buffer, bufferOffset, n);
        return n;
    }

    public override DateTime GetDateTime(int ordinal) => (DateTime)GetValue(ordinal);

    public override decimal GetDecimal(int ordinal) => (decimal)GetValue(ordinal);

    public override double GetDouble(int ordinal) => (double)GetValue(ordinal);

    public override float GetFloat(int ordinal) => (float)GetDouble(ordinal);

    public override Guid GetGuid(int ordinal) => Guid.Parse(GetString(ordinal));

    public override short GetInt16(int ordinal) => (short)GetInt32(ordinal);

    public override int GetInt32(int ordinal) => (int)GetValue(ordinal);

    public override long GetInt64(int ordinal) => (long)GetValue(ordinal);

    public override string GetString(int ordinal) => (string)GetValue(ordinal);

    public override int Depth => 0;

    public override bool HasRows => batch.RowCount > 0;

    public override bool IsClosed => _row >= batch.RowCount;

    public override int RecordsAffected => -1;

    public override bool NextResult() => false;

    public override IEnumerator GetEnumerator() => new DbEnumerator(this);
}
