using System.Globalization;

namespace Pit.Connectors.Sql;

/// <summary>
/// The typed arrays of a <see cref="ColumnBatch"/>, and how a value read from a database (or given
/// by a task) becomes one of their elements: numbers widen or narrow when the value fits, text is
/// parsed with the invariant culture (ISO dates and times), a timestamp without a zone keeps its
/// wall-clock time and an instant is kept in UTC.
/// </summary>
public static class ColumnValues
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Array Allocate(ColumnKind kind, int length) => kind switch
    {
        ColumnKind.Int32 => new int?[length],
        ColumnKind.Int64 => new long?[length],
        ColumnKind.Double => new double?[length],
        ColumnKind.Decimal => new decimal?[length],
        ColumnKind.Boolean => new bool?[length],
        ColumnKind.String => new string?[length],
        ColumnKind.Date => new DateOnly?[length],
        ColumnKind.Timestamp or ColumnKind.TimestampUtc => new DateTime?[length],
        ColumnKind.Binary => new byte[]?[length],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Stores <paramref name="value"/> (null or <see cref="DBNull"/> for SQL NULL) converted to <paramref name="type"/>.</summary>
    /// <exception cref="SqlConnectorException">The value cannot be read as that type; the message names the column, not the value.</exception>
    public static void Set(Array values, ColumnType type, int row, object? value, string column)
    {
        if (value is null or DBNull)
        {
            values.SetValue(null, row);
            return;
        }
        try
        {
            switch (type.Kind)
            {
                case ColumnKind.Int32: ((int?[])values)[row] = ToInt32(value); break;
                case ColumnKind.Int64: ((long?[])values)[row] = ToInt64(value); break;
                case ColumnKind.Double: ((double?[])values)[row] = ToDouble(value); break;
                case ColumnKind.Decimal: ((decimal?[])values)[row] = ToDecimal(value, type.Scale); break;
                case ColumnKind.Boolean: ((bool?[])values)[row] = ToBoolean(value); break;
                case ColumnKind.String: ((string?[])values)[row] = ToText(value); break;
                case ColumnKind.Date: ((DateOnly?[])values)[row] = ToDate(value); break;
                case ColumnKind.Timestamp: ((DateTime?[])values)[row] = ToTimestamp(value); break;
                case ColumnKind.TimestampUtc: ((DateTime?[])values)[row] = ToTimestampUtc(value); break;
                case ColumnKind.Binary: ((byte[]?[])values)[row] = (byte[])value; break;
            }
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            throw new SqlConnectorException(
                $"column '{column}': a {value.GetType().Name} value cannot be read as {type}", e is FormatException or InvalidCastException ? null : e);
        }
    }

    private static int ToInt32(object value) => value switch
    {
        int i => i,
        string s => int.Parse(s, NumberStyles.Integer, Invariant),
        _ => checked((int)ToInt64(value)),
    };

    private static long ToInt64(object value) => value switch
    {
        long l => l,
        int i => i,
        short s => s,
        byte b => b,
        sbyte b => b,
        ushort u => u,
        uint u => u,
        ulong u => checked((long)u),
        bool b => b ? 1 : 0,
        double d when d == Math.Floor(d) => checked((long)d),
        float f when f == MathF.Floor(f) => checked((long)f),
        decimal m when m == decimal.Truncate(m) => decimal.ToInt64(m),
        string s => long.Parse(s, NumberStyles.Integer, Invariant),
        _ => throw new InvalidCastException(),
    };

    private static double ToDouble(object value) => value switch
    {
        double d => d,
        float f => f,
        decimal m => (double)m,
        string s => double.Parse(s, NumberStyles.Float, Invariant),
        bool => throw new InvalidCastException(),
        _ => Convert.ToDouble(value, Invariant),
    };

    private static decimal ToDecimal(object value, int scale)
    {
        var m = value switch
        {
            decimal d => d,
            double d => (decimal)d,
            float f => (decimal)f,
            string s => decimal.Parse(s, NumberStyles.Float, Invariant),
            bool => throw new InvalidCastException(),
            _ => Convert.ToDecimal(value, Invariant),
        };
        return decimal.Round(m, Math.Min(scale, 28), MidpointRounding.AwayFromZero);
    }

    private static bool ToBoolean(object value) => value switch
    {
        bool b => b,
        long l => l != 0,
        int i => i != 0,
        short s => s != 0,
        byte b => b != 0,
        string s => s.Trim().ToLowerInvariant() switch
        {
            "true" or "t" or "1" or "yes" => true,
            "false" or "f" or "0" or "no" => false,
            _ => throw new FormatException(),
        },
        _ => throw new InvalidCastException(),
    };

    /// <summary>Text of any value: invariant numbers, ISO dates and times, hex for bytes.</summary>
    public static string ToText(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", Invariant),
        DateTime t => t.ToString(t.Kind == DateTimeKind.Utc ? "yyyy-MM-dd HH:mm:ss.FFFFFFFZ" : "yyyy-MM-dd HH:mm:ss.FFFFFFF", Invariant),
        DateTimeOffset t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", Invariant),
        byte[] bytes => Convert.ToHexString(bytes),
        IFormattable f => f.ToString(null, Invariant),
        _ => value.ToString() ?? "",
    };

    private static DateOnly ToDate(object value) => value switch
    {
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        DateTimeOffset t => DateOnly.FromDateTime(t.DateTime),
        string s => DateOnly.FromDateTime(DateTime.Parse(s, Invariant, DateTimeStyles.None)),
        _ => throw new InvalidCastException(),
    };

    private static DateTime ToTimestamp(object value) => value switch
    {
        DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Unspecified),
        DateTimeOffset t => t.DateTime,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        string s => DateTime.SpecifyKind(DateTime.Parse(s, Invariant, DateTimeStyles.None), DateTimeKind.Unspecified),
        _ => throw new InvalidCastException(),
    };

    private static DateTime ToTimestampUtc(object value) => value switch
    {
        DateTime { Kind: DateTimeKind.Utc } t => t,
        DateTime { Kind: DateTimeKind.Local } t => t.ToUniversalTime(),
        DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Utc),
        DateTimeOffset t => t.UtcDateTime,
        DateOnly d => DateTime.SpecifyKind(d.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc),
        string s => DateTime.Parse(s, Invariant, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        _ => throw new InvalidCastException(),
    };
}
