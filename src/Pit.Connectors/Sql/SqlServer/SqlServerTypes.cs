using System.Data.Common;

namespace Pit.Connectors.Sql.SqlServer;

/// <summary>SQL Server column types for Pit's kinds, and the kinds of a result's columns.</summary>
internal static class SqlServerTypes
{
    public static string Declared(ColumnType type) => type.Kind switch
    {
        ColumnKind.Int32 => "int",
        ColumnKind.Int64 => "bigint",
        ColumnKind.Double => "float",
        ColumnKind.Decimal => $"decimal({type.Precision},{type.Scale})",
        ColumnKind.Boolean => "bit",
        ColumnKind.String => "nvarchar(max)",
        ColumnKind.Date => "date",
        ColumnKind.Timestamp => "datetime2(7)",
        ColumnKind.TimestampUtc => "datetimeoffset(7)",
        ColumnKind.Binary => "varbinary(max)",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static ColumnType FromColumn(DbColumn column) => column.DataTypeName?.ToLowerInvariant() switch
    {
        "int" or "smallint" or "tinyint" => new(ColumnKind.Int32),
        "bigint" => new(ColumnKind.Int64),
        "float" or "real" => new(ColumnKind.Double),
        "decimal" or "numeric" => ColumnType.Decimal(
            Math.Clamp(column.NumericPrecision ?? 38, 1, 38), Math.Clamp(column.NumericScale ?? 0, 0, Math.Clamp(column.NumericPrecision ?? 38, 1, 38))),
        "money" => ColumnType.Decimal(19, 4),
        "smallmoney" => ColumnType.Decimal(10, 4),
        "bit" => new(ColumnKind.Boolean),
        "date" => new(ColumnKind.Date),
        "datetime" or "datetime2" or "smalldatetime" => new(ColumnKind.Timestamp),
        "datetimeoffset" => new(ColumnKind.TimestampUtc),
        "binary" or "varbinary" or "image" or "timestamp" or "rowversion" => new(ColumnKind.Binary),
        _ => new(ColumnKind.String),
    };
}
