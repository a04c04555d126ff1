using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Pit.Engine.Protocol;
using Pit.Engine.Runs;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Persistence.ReadModels;

/// <summary>
/// A run's <see cref="DagRunState"/> as rows of <c>pit_runs</c> and <c>pit_task_instances</c>, and
/// back: every field of the state is in the rows, so what is read back equals what was written
/// (times in UTC). Maps and lists are JSON, keys sorted.
/// </summary>
public static class RunRows
{
    public const string RunColumns =
        "run_id, dag, state, trigger_name, created_at, finished_at, logical_time, parameters, context, snapshot_hash, reason, last_offset, rerun_of";

    public const string TaskColumns =
        "run_id, task, position, depends_on, state, attempts, pid, exit_code, reason, started_at, finished_at, retry_at, attempt_started_at, reused";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly Dictionary<string, RunStatus> RunStatuses =
        Enum.GetValues<RunStatus>().ToDictionary(StatusNames.Of, StringComparer.Ordinal);

    private static readonly Dictionary<string, TaskStatus> TaskStatuses =
        Enum.GetValues<TaskStatus>().ToDictionary(StatusNames.Of, StringComparer.Ordinal);

    public static RunStatus RunStatusOf(string name) =>
        RunStatuses.TryGetValue(name, out var status) ? status : throw new FormatException($"pit_runs.state '{name}' is not a run state");

    public static TaskStatus TaskStatusOf(string name) =>
        TaskStatuses.TryGetValue(name, out var status) ? status : throw new FormatException($"pit_task_instances.state '{name}' is not a task state");

    /// <summary>A map as a JSON object, keys sorted (written by hand: no reflection, quick from a cold start).</summary>
    public static string MapJson(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, WriterOptions))
        {
            json.WriteStartObject();
            foreach (var (key, value) in pairs.OrderBy(p => p.Key, StringComparer.Ordinal)) json.WriteString(key, value);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    public static string ListJson(IEnumerable<string> items)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, WriterOptions))
        {
            json.WriteStartArray();
            foreach (var item in items) json.WriteStringValue(item);
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    public static ImmutableDictionary<string, string> ReadMap(string json)
    {
        using var document = JsonDocument.Parse(json);
        var map = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject()) map[property.Name] = property.Value.GetString() ?? "";
        return map.ToImmutable();
    }

    public static List<string> ReadList(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(item => item.GetString() ?? "").ToList();
    }

    /// <summary>A run's state from its row (columns <see cref="RunColumns"/>, from <paramref name="first"/>) and its tasks' rows in plan order.</summary>
    public static (DagRunState State, long LastOffset) Read(SqliteDataReader run, int first, IReadOnlyList<TaskState> tasks)
    {
        var runId = run.GetString(first);
        var state = new DagRunState(
            runId,
            run.GetString(first + 1),
            RunStatusOf(run.GetString(first + 2)),
            Created: true,
            run.GetString(first + 3),
            Text(run, first + 9),
            [.. tasks.Select(t => t.Name)],
            tasks.ToImmutableDictionary(t => t.Name),
            DbTime.Parse(run.GetString(first + 4)),
            DbTime.ParseOrNull(Text(run, first + 5)),
            Text(run, first + 10))
        {
            LogicalTime = DbTime.ParseOrNull(Text(run, first + 6)),
            Parameters = ReadMap(run.GetString(first + 7)),
            Context = ReadMap(run.GetString(first + 8)),
            RerunOf = Text(run, first + 12),
            RunningCount = tasks.Count(t => t.Status == TaskStatus.Running),
        };
        return (state, run.GetInt64(first + 11));
    }

    /// <summary>A task's state from its row (columns <see cref="TaskColumns"/>, from <paramref name="first"/>).</summary>
    public static TaskState ReadTask(SqliteDataReader row, int first) => new(
        row.GetString(first + 1),
        ReadList(row.GetString(first + 3)),
        TaskStatusOf(row.GetString(first + 4)),
        row.GetInt32(first + 5),
        Int(row, first + 6),
        Int(row, first + 7),
        Text(row, first + 8),
        DbTime.ParseOrNull(Text(row, first + 9)),
        DbTime.ParseOrNull(Text(row, first + 10)),
        DbTime.ParseOrNull(Text(row, first + 11)),
        DbTime.ParseOrNull(Text(row, first + 12)),
        Reused: row.GetInt32(first + 13) != 0);

    /// <summary>The run's state as stored, or null when the read model has no such run.</summary>
    public static (DagRunState State, long LastOffset)? Load(SqliteConnection connection, SqliteTransaction? transaction, string runId)
    {
        var tasks = LoadTasks(connection, transaction, runId);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {RunColumns} FROM pit_runs WHERE run_id = $id";
        command.Parameters.AddWithValue("$id", runId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader, 0, tasks) : null;
    }

    public static List<TaskState> LoadTasks(SqliteConnection connection, SqliteTransaction? transaction, string runId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {TaskColumns} FROM pit_task_instances WHERE run_id = $id ORDER BY position";
        command.Parameters.AddWithValue("$id", runId);
        using var reader = command.ExecuteReader();
        var tasks = new List<TaskState>();
        while (reader.Read()) tasks.Add(ReadTask(reader, 0));
        return tasks;
    }

    private static string? Text(SqliteDataReader row, int i) => row.IsDBNull(i) ? null : row.GetString(i);

    private static int? Int(SqliteDataReader row, int i) => row.IsDBNull(i) ? null : row.GetInt32(i);

    /// <summary>Prepared statements that write runs and tasks inside one transaction.</summary>
    public sealed class Writer : IDisposable
    {
        private readonly SqliteCommand _upsertRun;
        private readonly SqliteCommand _upsertTask;
        private readonly SqliteCommand _deleteTasks;

        public Writer(SqliteConnection connection, SqliteTransaction transaction)
        {
            _upsertRun = Prepare(connection, transaction,
                $"INSERT INTO pit_runs ({RunColumns}) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12) " +
                "ON CONFLICT (run_id) DO UPDATE SET dag = excluded.dag, state = excluded.state, trigger_name = excluded.trigger_name, " +
                "created_at = excluded.created_at, finished_at = excluded.finished_at, logical_time = excluded.logical_time, " +
                "parameters = excluded.parameters, context = excluded.context, snapshot_hash = excluded.snapshot_hash, " +
                "reason = excluded.reason, last_offset = excluded.last_offset, rerun_of = excluded.rerun_of", 13);
            _upsertTask = Prepare(connection, transaction,
                $"INSERT INTO pit_task_instances ({TaskColumns}) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12, $p13) " +
                "ON CONFLICT (run_id, task) DO UPDATE SET position = excluded.position, depends_on = excluded.depends_on, " +
                "state = excluded.state, attempts = excluded.attempts, pid = excluded.pid, exit_code = excluded.exit_code, " +
                "reason = excluded.reason, started_at = excluded.started_at, finished_at = excluded.finished_at, " +
                "retry_at = excluded.retry_at, attempt_started_at = excluded.attempt_started_at, reused = excluded.reused", 14);
            _deleteTasks = Prepare(connection, transaction, "DELETE FROM pit_task_instances WHERE run_id = $p0", 1);
        }

        public void WriteRun(DagRunState run, long lastOffset) => Execute(_upsertRun,
            run.RunId, run.Dag, StatusNames.Of(run.Status), run.Trigger, DbTime.Of(run.CreatedAt!.Value), DbTime.Of(run.FinishedAt),
            DbTime.Of(run.LogicalTime), MapJson(run.Parameters), MapJson(run.Context), run.SnapshotHash, run.Reason, lastOffset, run.RerunOf);

        public void WriteTask(string runId, int position, TaskState task) => Execute(_upsertTask,
            runId, task.Name, position, ListJson(task.DependsOn), StatusNames.Of(task.Status), task.Attempt,
            task.Pid, task.ExitCode, task.Reason, DbTime.Of(task.StartedAt), DbTime.Of(task.FinishedAt), DbTime.Of(task.RetryAt),
            DbTime.Of(task.AttemptStartedAt), task.Reused ? 1 : 0);

        /// <summary>A run created again (a new plan): its old task rows go.</summary>
        public void DeleteTasks(string runId) => Execute(_deleteTasks, runId);

        public void Dispose()
        {
            _upsertRun.Dispose();
            _upsertTask.Dispose();
            _deleteTasks.Dispose();
        }
    }

    internal static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++) command.Parameters.Add(new SqliteParameter("$p" + i, null));
        command.Prepare();
        return command;
    }

    internal static void Execute(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
    }
}
