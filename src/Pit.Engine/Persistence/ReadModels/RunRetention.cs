using Microsoft.Data.Sqlite;

namespace Pit.Engine.Persistence.ReadModels;

/// <summary>
/// Retention (<c>pit gc</c>, and <c>pit serve</c> daily): the finished runs older than the kept span
/// (by finish time, creation time for a run without one) lose their run folder (<c>runs/&lt;id&gt;</c>),
/// their journal events (persistenceId <c>run-&lt;id&gt;</c>, with their tag and snapshot rows) and
/// their history and audit rows. Their <c>pit_runs</c> and <c>pit_task_instances</c> rows stay as the
/// record of the final state, so <c>pit status</c> still lists them; a rebuild of the read models
/// (<c>pit history --rebuild</c>) no longer sees them. A run whose state is <c>running</c> is never
/// touched. The journal rows go by SQL in one transaction per run rather than through
/// <c>DeleteMessagesTo</c>: the CLI has no actor system, Akka.Persistence.Sql's delete keeps the
/// highest row of each persistenceId (marked deleted) and leaves the tag rows, and a finished run's
/// DagRun never writes again. Every deleted event lies below the read models' offset (they are caught
/// up first), so the projection never sees a gap.
/// </summary>
public sealed class RunRetention(RunReadModel model, string runsDir)
{
    /// <summary>A run that retention would remove.</summary>
    public sealed record Expired(string RunId, string Dag, string State, DateTimeOffset Ended, string Folder, long FolderBytes);

    /// <summary>What a collection removed.</summary>
    public sealed record Collected(IReadOnlyList<Expired> Runs, long BytesFreed, long EventsDeleted);

    /// <summary>
    /// The runs to remove: ended before <paramref name="now"/> − <paramref name="keep"/>, not running,
    /// not in <paramref name="active"/>, with a folder or journal events left (a run collected before has neither).
    /// </summary>
    public IReadOnlyList<Expired> Find(TimeSpan keep, DateTimeOffset now, IReadOnlySet<string>? active = null, CancellationToken cancel = default)
    {
        var cutoff = DbTime.Of(now - keep);
        return model.Read(connection =>
        {
            var hasJournal = JournalTableReader.HasJournal(connection);
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT run_id, dag, state, coalesce(finished_at, created_at) AS ended FROM pit_runs
                WHERE state <> 'running' AND coalesce(finished_at, created_at) < $cutoff
                ORDER BY ended, run_id
                """;
            command.Parameters.AddWithValue("$cutoff", cutoff);
            var expired = new List<Expired>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var runId = reader.GetString(0);
                if (active?.Contains(runId) == true) continue;
                var folder = Path.Combine(runsDir, runId);
                var hasFolder = Directory.Exists(folder);
                if (!hasFolder && !(hasJournal && HasEvents(connection, null, runId))) continue;
                expired.Add(new Expired(runId, reader.GetString(1), reader.GetString(2), DbTime.Parse(reader.GetString(3)), folder, hasFolder ? SizeOf(folder) : 0));
            }
            return expired;
        }, cancel);
    }

    /// <summary>Removes <paramref name="runs"/> (from <see cref="Find"/>): rows first, then the folder; a run found running meanwhile is left alone.</summary>
    public Collected Collect(IReadOnlyList<Expired> runs, CancellationToken cancel = default)
    {
        var removed = new List<Expired>();
        long bytes = 0, events = 0;
        using var connection = model.Connect();
        var hasJournal = JournalTableReader.HasJournal(connection);
        var hasSnapshots = HasTable(connection, "snapshot");
        foreach (var run in runs)
        {
            cancel.ThrowIfCancellationRequested();
            using (var transaction = connection.BeginTransaction(deferred: false))
            {
                if (!IsSettled(connection, transaction, run.RunId)) continue;
                var persistenceId = RunIds.PersistenceIdOf(run.RunId);
                if (hasJournal)
                {
                    Delete(connection, transaction, "DELETE FROM tags WHERE persistence_id = $id", persistenceId);
                    events += Delete(connection, transaction, "DELETE FROM journal WHERE persistence_id = $id", persistenceId);
                }
                if (hasSnapshots) Delete(connection, transaction, "DELETE FROM snapshot WHERE persistence_id = $id", persistenceId);
                Delete(connection, transaction, "DELETE FROM pit_history WHERE dag = $dag AND run_id = $id", run.RunId, run.Dag);
                Delete(connection, transaction, "DELETE FROM pit_audit WHERE run_id = $id", run.RunId);
                transaction.Commit();
            }
            if (Directory.Exists(run.Folder))
            {
                var size = SizeOf(run.Folder);
                Directory.Delete(run.Folder, recursive: true);
                bytes += size;
            }
            removed.Add(run);
        }
        return new Collected(removed, bytes, events);
    }

    /// <summary>The bytes of the files under <paramref name="folder"/>.</summary>
    public static long SizeOf(string folder)
    {
        long total = 0;
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint }))
            total += file.Length;
        return total;
    }

    private static bool IsSettled(SqliteConnection connection, SqliteTransaction transaction, string runId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT state FROM pit_runs WHERE run_id = $id";
        command.Parameters.AddWithValue("$id", runId);
        return command.ExecuteScalar() is string state && state != "running";
    }

    private static bool HasEvents(SqliteConnection connection, SqliteTransaction? transaction, string runId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM journal WHERE persistence_id = $id)";
        command.Parameters.AddWithValue("$id", RunIds.PersistenceIdOf(runId));
        return Convert.ToInt64(command.ExecuteScalar()) != 0;
    }

    private static bool HasTable(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", table);
        return Convert.ToInt64(command.ExecuteScalar()) == 1;
    }

    private static int Delete(SqliteConnection connection, SqliteTransaction transaction, string sql, string id, string? dag = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        if (dag is not null) command.Parameters.AddWithValue("$dag", dag);
        return command.ExecuteNonQuery();
    }
}
