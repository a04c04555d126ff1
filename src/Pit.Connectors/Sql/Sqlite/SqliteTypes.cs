using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Pit.Connectors.Sql.Sqlite;

/// <summary>
/// SQLite's declared types, both ways. Reading a result, a column's declared type gives its kind:
/// <c>INT</c>, <c>INT4</c>, <c>SMALLINT</c>, <c>TINYINT</c>, <c>MEDIUMINT</c> come back as int32;
/// <c>BIGINT</c>, <c>INT8</c> as int64; <c>REAL</c>, <c>DOUBLE</c>, <c>FLOAT</c> as double;
/// <c>DECIMAL</c>, <c>NUMERIC</c>, <c>DECIMAL_TEXT</c> as decimal with the declared precision and
/// scale (38,18 when none is declared); <c>BOOLEAN</c>/<c>BOOL</c> as boolean; <c>DATE</c> as date;
/// <c>DATETIME</c>/<c>TIMESTAMP</c> as timestamp; <c>TIMESTAMPTZ</c>/<c>DATETIMEOFFSET</c> as an
/// instant in UTC; names with <c>CHAR</c>, <c>CLOB</c> or <c>TEXT</c> as string. A column with no
/// declared type (an expression), or one declared as a bare storage class (<c>INTEGER</c>,
/// <c>TEXT</c>, <c>BLOB</c>), takes its kind from the values in the first rows: integers int64,
/// integers mixed with reals double, any text string, blobs binary; all NULL falls back to what the
/// storage class says (string when it says nothing).
/// </summary>
internal static class SqliteTypes
{
    public static string Declared(ColumnType type) => type.Kind switch
    {
        ColumnKind.Int32 => "INT",
        ColumnKind.Int64 => "BIGINT",
        ColumnKind.Double => "REAL",
        ColumnKind.Decimal => $"DECIMAL_TEXT({type.Precision},{type.Scale})",
        ColumnKind.Boolean => "BOOLEAN",
        ColumnKind.String => "TEXT",
        ColumnKind.Date => "DATE",
        ColumnKind.Timestamp => "TIMESTAMP",
        ColumnKind.TimestampUtc => "TIMESTAMPTZ",
        ColumnKind.Binary => "BLOB",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static IReadOnlyList<ColumnType> ResultTypes(SqliteConnection connection, DbDataReader reader, IReadOnlyList<object?[]> firstRows)
    {
        var types = new ColumnType[reader.FieldCount];
        DataTable? schema = null;
        for (var i = 0; i < types.Length; i++)
        {
            var name = reader.GetDataTypeName(i).Trim().ToUpperInvariant();
            if (name is "DECIMAL" or "NUMERIC" or "DECIMAL_TEXT")
            {
                // Microsoft.Data.Sqlite drops "(p,s)" from the name: the table's own declaration has it.
                schema ??= reader.GetSchemaTable();
                if (schema is not null) name = FullDeclaredType(connection, schema, i) ?? name;
            }
            types[i] = FromDeclared(name) ?? FromValues(firstRows, i, name);
        }
        return types;
    }

    /// <summary>The kind a declared type name stands for; null when the values must tell.</summary>
    public static ColumnType? FromDeclared(string declared)
    {
        var open = declared.IndexOf('(');
        var name = (open < 0 ? declared : declared[..open]).Trim().ToUpperInvariant();
        switch (name)
        {
            case "INT" or "INT4" or "SMALLINT" or "TINYINT" or "MEDIUMINT" or "INT2": return new(ColumnKind.Int32);
            case "BIGINT" or "INT8" or "UNSIGNED BIG INT": return new(ColumnKind.Int64);
            case "REAL" or "DOUBLE" or "DOUBLE PRECISION" or "FLOAT": return new(ColumnKind.Double);
            case "DECIMAL" or "NUMERIC" or "DECIMAL_TEXT": return DecimalOf(declared, open);
            case "BOOLEAN" or "BOOL": return new(ColumnKind.Boolean);
            case "DATE": return new(ColumnKind.Date);
            case "DATETIME" or "TIMESTAMP": return new(ColumnKind.Timestamp);
            case "TIMESTAMPTZ" or "DATETIMEOFFSET" or "TIMESTAMP WITH TIME ZONE": return new(ColumnKind.TimestampUtc);
            case "INTEGER" or "TEXT" or "BLOB" or "": return null;
        }
        if (name.Contains("CHAR") || name.Contains("CLOB") || name.Contains("TEXT")) return new(ColumnKind.String);
        if (name.Contains("INT")) return new(ColumnKind.Int64);
        if (name.Contains("REAL") || name.Contains("FLOA") || name.Contains("DOUB")) return new(ColumnKind.Double);
        return null;
    }

    private static ColumnType DecimalOf(string declared, int open)
    {
        if (open < 0) return ColumnType.WideDecimal;
        var args = declared[(open + 1)..].TrimEnd(')', ' ').Split(',');
        var precision = int.TryParse(args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : 38;
        var scale = args.Length > 1 && int.TryParse(args[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 0;
        return ColumnType.Decimal(Math.Clamp(precision, 1, 38), Math.Clamp(scale, 0, Math.Clamp(precision, 1, 38)));
    }

    private static ColumnType FromValues(IReadOnlyList<object?[]> rows, int column, string storageClass)
    {
        bool integer = false, real = false, text = false, blob = false;
        foreach (var row in rows)
        {
            switch (row[column])
            {
                case long: integer = true; break;
                case double: real = true; break;
                case string: text = true; break;
                case byte[]: blob = true; break;
            }
        }
        if (text || (blob && (integer || real))) return new(ColumnKind.String);
        if (blob) return new(ColumnKind.Binary);
        if (real) return new(ColumnKind.Double);
        if (integer) return new(ColumnKind.Int64);
        return storageClass switch
        {
            "INTEGER" => new(ColumnKind.Int64),
            "REAL" => new(ColumnKind.Double),
            _ => new(ColumnKind.String),
        };
    }

    private static string? FullDeclaredType(SqliteConnection connection, DataTable schema, int ordinal)
    {
        var row = schema.Rows[ordinal];
        if (row["BaseTableName"] is not string table || row["BaseColumnName"] is not string column) return null;
        var catalog = row["BaseCatalogName"] as string ?? "main";
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT type FROM pragma_table_info($table, $schema) WHERE name = $column";
        command.Parameters.AddWithValue("$table", table);
        command.Parameters.AddWithValue("$schema", catalog);
        command.Parameters.AddWithValue("$column", column);
        return command.ExecuteScalar() as string;
    }
}
