using Microsoft.Data.Sqlite;

namespace Pit.Engine.Persistence.ReadModels;

/// <summary>
/// The read models' tables in the metadata database, beside the journal (prefix <c>pit_</c>):
/// <c>pit_runs</c>, <c>pit_task_instances</c>, <c>pit_history</c>, <c>pit_audit</c>, and
/// <c>pit_projections</c> with the journal offset they are projected to. Each row of runs and task
/// instances holds the whole of that part of <see cref="Runs.DagRunState"/>, so the projector can
/// go on from the rows alone. Changing a table means a new <see cref="Version"/>: tables of an
/// older version are dropped and rebuilt from the journal on the next catch-up.
/// </summary>
public static class ReadModelSchema
{
    /// <summary>The shape of the tables; bump it when a table or the projection changes.</summary>
    public const int Version = 2;

    /// <summary>The row of <c>pit_projections</c> the run projection keeps its offset in.</summary>
    public const string RunsProjection = "runs";

    public static readonly IReadOnlyList<string> Tables = ["pit_runs", "pit_task_instances", "pit_history", "pit_audit", "pit_projections"];

    private const string Create = """
        CREATE TABLE IF NOT EXISTS pit_projections (
          name TEXT NOT NULL PRIMARY KEY,
          last_offset INTEGER NOT NULL,
          version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS pit_runs (
          run_id TEXT NOT NULL PRIMARY KEY,
          dag TEXT NOT NULL,
          state TEXT NOT NULL,
          trigger_name TEXT NOT NULL,
          created_at TEXT NOT NULL,
          finished_at TEXT,
          logical_time TEXT,
          parameters TEXT NOT NULL,
          context TEXT NOT NULL,
          snapshot_hash TEXT,
          reason TEXT,
          rerun_of TEXT,
          rerun_by TEXT,
          last_offset INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS pit_task_instances (
          run_id TEXT NOT NULL,
          task TEXT NOT NULL,
          position INTEGER NOT NULL,
          depends_on TEXT NOT NULL,
          state TEXT NOT NULL,
          attempts INTEGER NOT NULL,
          pid INTEGER,
          exit_code INTEGER,
          reason TEXT,
          started_at TEXT,
          finished_at TEXT,
          retry_at TEXT,
          attempt_started_at TEXT,
          reused INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (run_id, task)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS pit_history (
          journal_offset INTEGER NOT NULL PRIMARY KEY,
          run_id TEXT NOT NULL,
          dag TEXT NOT NULL,
          task TEXT,
          event TEXT NOT NULL,
          at TEXT NOT NULL,
          fields TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS pit_audit (
          journal_offset INTEGER NOT NULL PRIMARY KEY,
          run_id TEXT NOT NULL,
          dag TEXT NOT NULL,
          task TEXT NOT NULL,
          attempt INTEGER NOT NULL,
          secret_key TEXT NOT NULL,
          found INTEGER NOT NULL,
          at TEXT NOT NULL);
        """;

    /// <summary>
    /// The secondary indexes: a rebuild creates them after the rows, which is quicker than keeping
    /// them up to date row by row. The history is read by DAG and time (a run's events: its DAG's
    /// between the run's creation and end); every DAG's events since a time are a scan in journal order (no index on the time alone, which would
    /// cost every write and a rebuild more than it saves that query).
    /// </summary>
    private const string Indexes = """
        CREATE INDEX IF NOT EXISTS pit_runs_dag_created ON pit_runs (dag, created_at, run_id);
        CREATE INDEX IF NOT EXISTS pit_runs_created ON pit_runs (created_at, run_id);
        CREATE INDEX IF NOT EXISTS pit_runs_state ON pit_runs (state);
        CREATE INDEX IF NOT EXISTS pit_runs_rerun_of ON pit_runs (rerun_of) WHERE rerun_of IS NOT NULL;
        CREATE INDEX IF NOT EXISTS pit_history_dag_at ON pit_history (dag, at);
        """;

    /// <summary>Creates the tables that are missing and the projection's row (offset 0) if it has none.</summary>
    /// <param name="withIndexes">False for a rebuild, which creates them at the end (<see cref="EnsureIndexes"/>).</param>
    public static void Ensure(SqliteConnection connection, SqliteTransaction? transaction = null, bool withIndexes = true)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Create + "\n" + (withIndexes ? Indexes : "") +
                              $"\nINSERT OR IGNORE INTO pit_projections (name, last_offset, version) VALUES ('{RunsProjection}', 0, {Version});";
        command.ExecuteNonQuery();
    }

    /// <summary>Creates the secondary indexes that are missing.</summary>
    public static void EnsureIndexes(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Indexes;
        command.ExecuteNonQuery();
    }

    /// <summary>Drops every read-model table (not the journal).</summary>
    public static void Drop(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = string.Join("\n", Tables.Select(t => $"DROP TABLE IF EXISTS {t};"));
        command.ExecuteNonQuery();
    }
}
