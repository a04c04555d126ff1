using System.Data.Common;

namespace Pit.Connectors.Sql.Postgres;

/// <summary>PostgreSQL column types for Pit's kinds, and the kinds of a result's columns.</summary>
internal static class PostgresTypes
{
    public static string Declared(ColumnType type) => type.Kind switch
    {
        ColumnKind.Int32 => "integer",
        ColumnKind.Int64 => "bigint",
        ColumnKind.Double => "double precision",
        ColumnKind.Decimal => $"numeric({type.Precision},{type.Scale})",
        ColumnKind.Boolean => "boolean",
        ColumnKind.String => "text",
        ColumnKind.Date => "date",
        ColumnKind.Timestamp => "timestamp",
        ColumnKind.TimestampUtc => "timestamptz",
        ColumnKind.Binary => "bytea",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static ColumnType FromColumn(DbColumn column) => column.DataTypeName switch
    {
        "integer" or "smallint" => new(ColumnKind.Int32),
        "bigint" => new(ColumnKind.Int64),
        "double precision" or "real" => new(ColumnKind.Double),
        "numeric" when column.NumericPrecision is { } p and > 0 => ColumnType.Decimal(Math.Min(p, 38), Math.Clamp(column.NumericScale ?? 0, 0, Math.Min(p, 38))),
        "numeric" => ColumnType.WideDecimal,
        "money" => ColumnType.Decimal(19, 2),
        "boolean" => new(ColumnKind.Boolean),
        "date" => new(ColumnKind.Date),
        "timestamp without time zone" => new(ColumnKind.Timestamp),
        "timestamp with time zone" => new(ColumnKind.TimestampUtc),
        "bytea" => new(ColumnKind.Binary),
        _ => new(ColumnKind.String),
    };

    /// <summary>Whether a target column of this PostgreSQL type takes instants (UTC) rather than wall-clock times.</summary>
    public static bool IsInstant(string dataTypeName) => dataTypeName == "timestamp with time zone";
}
