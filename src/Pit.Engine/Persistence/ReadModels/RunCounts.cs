using Microsoft.Data.Sqlite;

namespace Pit.Engine.Persistence.ReadModels;

/// <summary>
/// The counts <c>/metrics</c> shows: runs and task instances by state name, and how many runs
/// finished and their total duration in seconds.
/// </summary>
public sealed record RunCounts(IReadOnlyDictionary<string, long> Runs, IReadOnlyDictionary<string, long> Tasks, long Finished, double FinishedSeconds)
{
    public static RunCounts Of(SqliteConnection connection)
    {
        var runs = ByState(connection, "pit_runs");
        var tasks = ByState(connection, "pit_task_instances");
        long finished = 0;
        double seconds = 0;
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT created_at, finished_at FROM pit_runs WHERE finished_at IS NOT NULL";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            finished++;
            seconds += (DbTime.Parse(reader.GetString(1)) - DbTime.Parse(reader.GetString(0))).TotalSeconds;
        }
        return new RunCounts(runs, tasks, finished, seconds);
    }

    private static Dictionary<string, long> ByState(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT state, count(*) FROM {table} GROUP BY state";
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }
}
