using Microsoft.Data.Sqlite;

namespace Pit.Engine.Tests.Persistence.ReadModels;

/// <summary>Every row of every read-model table, as text, in key order: two read models are equal when their dumps are.</summary>
internal static class TableDump
{
    private static readonly (string Table, string Order)[] Tables =
    [
        ("pit_runs", "run_id"),
        ("pit_task_instances", "run_id, task"),
        ("pit_history", "journal_offset"),
        ("pit_audit", "journal_offset"),
        ("pit_projections", "name"),
    ];

    public static List<string> Of(SqliteConnection connection)
    {
        var rows = new List<string>();
        foreach (var (table, order) in Tables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY {order}";
            using var reader = command.ExecuteReader();
            while (reader.Read())
                rows.Add(table + ": " + string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        return rows;
    }

    public static List<string> Rows(SqliteConnection connection, string table) =>
        Of(connection).Where(row => row.StartsWith(table + ": ", StringComparison.Ordinal)).ToList();
}
