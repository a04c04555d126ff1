namespace Pit.Connectors.Sql;

/// <summary>The kinds of value Pit carries between Parquet files and databases.</summary>
public enum ColumnKind
{
    Int32,
    Int64,
    Double,
    Decimal,
    Boolean,
    String,
    Date,

    /// <summary>Date and time without a time zone (a wall-clock value).</summary>
    Timestamp,

    /// <summary>An instant, kept in UTC.</summary>
    TimestampUtc,
    Binary,
}

/// <summary>
/// A column's type as Pit sees it, between a Parquet field and a database column type.
/// <see cref="Precision"/> and <see cref="Scale"/> matter for <see cref="ColumnKind.Decimal"/> only.
/// </summary>
public readonly record struct ColumnType(ColumnKind Kind, int Precision = 0, int Scale = 0)
{
    /// <summary>Used when a database gives no precision for a decimal column (PostgreSQL's bare <c>numeric</c>).</summary>
    public static readonly ColumnType WideDecimal = Decimal(38, 18);

    public static ColumnType Decimal(int precision, int scale) => new(ColumnKind.Decimal, precision, scale);

    public override string ToString() => Kind switch
    {
        ColumnKind.Decimal => $"decimal({Precision},{Scale})",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}

/// <summary>A named column of a load or a save.</summary>
public sealed record ColumnSpec(string Name, ColumnType Type);
