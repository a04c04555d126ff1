using System.Collections.Immutable;
using Microsoft.Data.Sqlite;
using Pit.Engine.Protocol;
using Pit.Engine.Runs;

namespace Pit.Engine.Persistence.ReadModels;

/// <summary>
/// What the readers ask of the read models (<c>pit status</c>, <c>pit logs --list</c>, the API,
/// the control palettes, the Scheduler's start), answered in the same shapes and order
/// <see cref="RunHistory"/> gives: runs newest first (creation time, then run id), summaries by DAG name.
/// </summary>
public static class RunQueries
{
    private const string NewestFirst = "ORDER BY created_at DESC, run_id DESC";

    /// <summary>One run with the runs that rerun it (oldest first), or null.</summary>
    public static RunSummary? Get(SqliteConnection connection, string runId) =>
        RunRows.Load(connection, null, runId) is { } run ? RunHistory.Summary(run.State, RerunsOf(connection, runId)) : null;

    /// <summary>The runs whose rerun_of is <paramref name="runId"/>, oldest first; null when none.</summary>
    private static List<string>? RerunsOf(SqliteConnection connection, string runId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT run_id FROM pit_runs WHERE rerun_of = $id ORDER BY created_at, run_id";
        command.Parameters.AddWithValue("$id", runId);
        using var reader = command.ExecuteReader();
        var reruns = new List<string>();
        while (reader.Read()) reruns.Add(reader.GetString(0));
        return reruns.Count == 0 ? null : reruns;
    }

    /// <summary>Runs newest first: only <paramref name="dag"/>'s, in <paramref name="state"/> (a state name), older than <paramref name="before"/> when given.</summary>
    public static List<RunSummary> List(SqliteConnection connection, string? dag, string? state, RunCursor? before, int limit, bool withTasks = true)
    {
        using var command = connection.CreateCommand();
        var where = new List<string>();
        if (dag is not null)
        {
            where.Add("dag = $dag");
            command.Parameters.AddWithValue("$dag", dag);
        }
        if (state is not null)
        {
            where.Add("state = $state");
            command.Parameters.AddWithValue("$state", state);
        }
        if (before is not null)
        {
            where.Add(before.RunId is null ? "created_at < $at" : "(created_at < $at OR (created_at = $at AND run_id < $id))");
            command.Parameters.AddWithValue("$at", DbTime.Of(before.CreatedAt));
            if (before.RunId is not null) command.Parameters.AddWithValue("$id", before.RunId);
        }
        command.CommandText = $"SELECT {RunRows.RunColumns} FROM pit_runs {(where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where))} {NewestFirst} LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        return ReadRuns(connection, command, withTasks);
    }

    /// <summary>Each DAG that has runs (only <paramref name="dag"/> when given), at a glance, by name.</summary>
    public static List<DagSummary> Summaries(SqliteConnection connection, string? dag, int recent)
    {
        var counts = new List<(string Dag, int Runs)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT dag, count(*) FROM pit_runs" + (dag is null ? "" : " WHERE dag = $dag") + " GROUP BY dag ORDER BY dag";
            if (dag is not null) command.Parameters.AddWithValue("$dag", dag);
            using var reader = command.ExecuteReader();
            while (reader.Read()) counts.Add((reader.GetString(0), reader.GetInt32(1)));
        }
        var summaries = new List<DagSummary>(counts.Count);
        foreach (var (name, runs) in counts.OrderBy(c => c.Dag, StringComparer.Ordinal))
        {
            var latest = List(connection, name, null, null, 1)[0];
            var finished = new List<RunStatus>();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = $"SELECT state FROM pit_runs WHERE dag = $dag AND state <> 'running' {NewestFirst} LIMIT $recent";
                command.Parameters.AddWithValue("$dag", name);
                command.Parameters.AddWithValue("$recent", recent);
                using var reader = command.ExecuteReader();
                while (reader.Read()) finished.Add(RunRows.RunStatusOf(reader.GetString(0)));
            }
            summaries.Add(new DagSummary(name, latest, runs, finished.Count,
                finished.Count(s => s == RunStatus.Succeeded), finished.Count(s => s is RunStatus.Failed or RunStatus.TimedOut)));
        }
        return summaries;
    }

    /// <summary>Per DAG, the latest occurrence a scheduled run (cron or catch-up) was for.</summary>
    public static Dictionary<string, DateTimeOffset> LatestLogicalTimes(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT dag, max(logical_time) FROM pit_runs WHERE logical_time IS NOT NULL AND trigger_name IN ($cron, $catchup) GROUP BY dag";
        command.Parameters.AddWithValue("$cron", TriggerNames.Cron);
        command.Parameters.AddWithValue("$catchup", TriggerNames.CatchUp);
        using var reader = command.ExecuteReader();
        var latest = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (reader.Read()) latest[reader.GetString(0)] = DbTime.Parse(reader.GetString(1));
        return latest;
    }

    /// <summary>The DAGs that have runs, by name.</summary>
    public static List<string> Dags(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT dag FROM pit_runs";
        using var reader = command.ExecuteReader();
        var dags = new List<string>();
        while (reader.Read()) dags.Add(reader.GetString(0));
        dags.Sort(StringComparer.Ordinal);
        return dags;
    }

    /// <summary>The timeline: <c>pit_history</c> rows that match, in journal order.</summary>
    public static List<HistoryEntry> History(SqliteConnection connection, HistoryFilter filter, long afterOffset = 0, int limit = int.MaxValue)
    {
        using var command = connection.CreateCommand();
        var where = new List<string> { "journal_offset > $after" };
        command.Parameters.AddWithValue("$after", afterOffset);
        if (filter.Dag is not null)
        {
            where.Add("dag = $dag");
            command.Parameters.AddWithValue("$dag", filter.Dag);
        }
        if (filter.RunId is not null)
        {
            where.Add("run_id = $run");
            command.Parameters.AddWithValue("$run", filter.RunId);
            // Through the index of DAG and time: the run's events lie between its creation and its end.
            if (filter.Dag is null && RunSpan(connection, filter.RunId) is { } span)
            {
                where.Add("dag = $runDag AND at >= $runFrom" + (span.To is null ? "" : " AND at <= $runTo"));
                command.Parameters.AddWithValue("$runDag", span.Dag);
                command.Parameters.AddWithValue("$runFrom", DbTime.Of(span.From - RunSpanMargin));
                if (span.To is { } to) command.Parameters.AddWithValue("$runTo", DbTime.Of(to + RunSpanMargin));
            }
        }
        if (filter.Task is not null)
        {
            where.Add("task = $task");
            command.Parameters.AddWithValue("$task", filter.Task);
        }
        if (filter.Since is { } since)
        {
            where.Add("at >= $since");
            command.Parameters.AddWithValue("$since", DbTime.Of(since));
        }
        if (filter.Until is { } until)
        {
            where.Add("at <= $until");
            command.Parameters.AddWithValue("$until", DbTime.Of(until));
        }
        command.CommandText = "SELECT journal_offset, run_id, dag, task, event, at, fields FROM pit_history WHERE " +
                              string.Join(" AND ", where) + " ORDER BY journal_offset LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit == int.MaxValue ? -1 : limit);
        using var reader = command.ExecuteReader();
        var entries = new List<HistoryEntry>();
        while (reader.Read())
            entries.Add(new HistoryEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4), DbTime.Parse(reader.GetString(5)), reader.GetString(6)));
        return entries;
    }

    /// <summary>How far a run's events may lie outside its creation and end (clocks of different processes).</summary>
    private static readonly TimeSpan RunSpanMargin = TimeSpan.FromHours(1);

    private static (string Dag, DateTimeOffset From, DateTimeOffset? To)? RunSpan(SqliteConnection connection, string runId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT dag, created_at, finished_at FROM pit_runs WHERE run_id = $id";
        command.Parameters.AddWithValue("$id", runId);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        return (reader.GetString(0), DbTime.Parse(reader.GetString(1)), reader.IsDBNull(2) ? null : DbTime.Parse(reader.GetString(2)));
    }

    /// <summary>Every secret lookup (oldest first), keys only.</summary>
    public static List<RunEvents.SecretAccessed> SecretAccesses(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT run_id, task, attempt, secret_key, found, at FROM pit_audit ORDER BY journal_offset";
        using var reader = command.ExecuteReader();
        var accesses = new List<RunEvents.SecretAccessed>();
        while (reader.Read())
            accesses.Add(new RunEvents.SecretAccessed(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
                reader.GetInt64(4) != 0, DbTime.Parse(reader.GetString(5))));
        return accesses;
    }

    private static List<RunSummary> ReadRuns(SqliteConnection connection, SqliteCommand command, bool withTasks)
    {
        var rows = new List<(DagRunState State, long Offset)>();
        using (var reader = command.ExecuteReader())
            while (reader.Read())
            {
                // Tasks come next, from their own table; an empty plan stands in meanwhile.
                rows.Add(RunRows.Read(reader, 0, []));
            }
        if (!withTasks) return rows.Select(r => RunHistory.Summary(r.State)).ToList();
        return rows.Select(r =>
        {
            var tasks = RunRows.LoadTasks(connection, null, r.State.RunId);
            var state = r.State with { Order = [.. tasks.Select(t => t.Name)], Tasks = tasks.ToImmutableDictionary(t => t.Name) };
            return RunHistory.Summary(state);
        }).ToList();
    }
}
