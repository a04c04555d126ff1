using Microsoft.Data.Sqlite;
using Pit.Engine.Protocol;
using Pit.Engine.Runs;

namespace Pit.Engine.Persistence.ReadModels;

/// <summary>
/// Folds run events, in journal order, into the read models: each batch in one transaction that
/// also moves the stored offset, so rows and offset never disagree. A run's rows are its
/// <see cref="DagRunState"/> after <see cref="DagRunState.Apply"/> (as <see cref="RunHistory"/> folds it),
/// a history row per event, an audit row per secret access. Idempotent: events at or below the
/// stored offset (projected already, by this process or another) are skipped, and so is an event
/// at or below its run's own <c>last_offset</c>; a batch that does not follow on from the stored offset
/// (the journal holds run events in between) is refused, so no event is ever passed over. The states of unfinished runs are kept between batches
/// while nobody else moved the offset. Not thread-safe: one batch at a time (<see cref="RunReadModel"/> sees to it).
/// </summary>
public sealed class RunProjector
{
    private readonly Dictionary<string, (DagRunState State, long LastOffset)> _cache = new(StringComparer.Ordinal);
    private long _cachedAt = -1;

    /// <summary>
    /// What one batch did. <paramref name="Gap"/>: nothing, because the journal holds run events
    /// between the stored offset and the batch's first (the offset was moved back, by a rebuild, since
    /// the batch was read): read again from the stored offset.
    /// </summary>
    public sealed record Applied(long Offset, int Events, bool Gap = false);

    /// <summary>The stored offset, creating the tables when missing and rebuilding them when their version is not this Pit's.</summary>
    public static long Offset(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT last_offset FROM pit_projections WHERE name = $name";
        command.Parameters.AddWithValue("$name", ReadModelSchema.RunsProjection);
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L);
    }

    /// <summary>Forgets the states kept between batches (after a rebuild, or a failed batch).</summary>
    public void Forget()
    {
        _cache.Clear();
        _cachedAt = -1;
    }

    /// <summary>Projects <paramref name="events"/> (oldest first) in one transaction.</summary>
    public Applied Apply(SqliteConnection connection, IReadOnlyList<JournalEvent> events)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        try
        {
            var applied = Apply(connection, transaction, events);
            transaction.Commit();
            _cachedAt = applied.Offset;
            foreach (var finished in _cache.Where(pair => pair.Value.State.IsFinished).Select(pair => pair.Key).ToList())
                _cache.Remove(finished);
            return applied;
        }
        catch
        {
            Forget();
            throw;
        }
    }

    private Applied Apply(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<JournalEvent> events)
    {
        var stored = Offset(connection, transaction);
        // Another process (or a rebuild) moved the offset: the states kept here may be behind the rows.
        if (stored != _cachedAt) _cache.Clear();
        // Only events that follow the stored offset with none missing in between are projected.
        var first = events.FirstOrDefault(e => e.Offset > stored);
        if (first is not null && JournalTableReader.HasRunEventsBetween(connection, stored, first.Offset, transaction))
            return new Applied(stored, 0, Gap: true);

        var changedRuns = new HashSet<string>(StringComparer.Ordinal);
        var changedTasks = new HashSet<(string Run, string Task)>();
        var recreated = new HashSet<string>(StringComparer.Ordinal);
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        var last = stored;
        var count = 0;

        using var history = RunRows.Prepare(connection, transaction,
            "INSERT OR IGNORE INTO pit_history (journal_offset, run_id, dag, task, event, at, fields) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6)", 7);
        using var audit = RunRows.Prepare(connection, transaction,
            "INSERT OR IGNORE INTO pit_audit (journal_offset, run_id, dag, task, attempt, secret_key, found, at) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7)", 8);

        foreach (var (offset, evt) in events)
        {
            if (offset <= last || evt is not IWithRunId { RunId: var runId }) continue;
            last = offset;
            count++;
            var before = StateOf(connection, transaction, runId, unknown);
            if (before is { } known && offset <= known.LastOffset) continue;

            if (HistoryEntry.Of(offset, evt, before?.State) is { } entry)
                RunRows.Execute(history, entry.Offset, entry.RunId, entry.Dag, entry.Task, entry.Event, DbTime.Of(entry.At), entry.Fields);
            if (evt is RunEvents.SecretAccessed access)
                RunRows.Execute(audit, offset, access.RunId, before?.State.Dag ?? RunIds.DagOf(access.RunId), access.Task, access.Attempt, access.Key, access.Found ? 1 : 0, DbTime.Of(access.At));

            DagRunState after;
            if (evt is RunEvents.RunCreated)
            {
                after = DagRunState.Empty(runId).Apply(evt);
                recreated.Add(runId);
                unknown.Remove(runId);
            }
            else if (before is { State: var state })
                after = state.Apply(evt);
            else
                continue; // a run whose creation the journal no longer holds: history only, as RunHistory ignores it

            _cache[runId] = (after, offset);
            changedRuns.Add(runId);
            if (TaskOf(evt) is { } task) changedTasks.Add((runId, task));
        }

        using (var writer = new RunRows.Writer(connection, transaction))
        {
            foreach (var runId in changedRuns)
            {
                var (run, runOffset) = _cache[runId];
                writer.WriteRun(run, runOffset);
                if (!recreated.Contains(runId)) continue;
                writer.DeleteTasks(runId);
                for (var i = 0; i < run.Order.Length; i++) writer.WriteTask(runId, i, run.Tasks[run.Order[i]]);
            }
            foreach (var (runId, task) in changedTasks)
            {
                if (recreated.Contains(runId)) continue;
                var run = _cache[runId].State;
                var position = run.Order.IndexOf(task);
                if (position >= 0) writer.WriteTask(runId, position, run.Tasks[task]);
            }
        }

        if (last > stored)
        {
            using var move = connection.CreateCommand();
            move.Transaction = transaction;
            move.CommandText = "UPDATE pit_projections SET last_offset = $offset WHERE name = $name";
            move.Parameters.AddWithValue("$offset", last);
            move.Parameters.AddWithValue("$name", ReadModelSchema.RunsProjection);
            move.ExecuteNonQuery();
        }
        return new Applied(last, count);
    }

    /// <summary>The run's state before the next event: kept from earlier batches, or read from its rows; null for a run never created.</summary>
    private (DagRunState State, long LastOffset)? StateOf(SqliteConnection connection, SqliteTransaction transaction, string runId, HashSet<string> unknown)
    {
        if (_cache.TryGetValue(runId, out var cached)) return cached;
        if (unknown.Contains(runId)) return null;
        var loaded = RunRows.Load(connection, transaction, runId);
        if (loaded is { } found) _cache[runId] = found;
        else unknown.Add(runId);
        return loaded;
    }

    private static string? TaskOf(IPitEvent evt) => evt switch
    {
        RunEvents.TaskStarted e => e.Task,
        RunEvents.TaskSucceeded e => e.Task,
        RunEvents.TaskFailed e => e.Task,
        RunEvents.TaskRetryScheduled e => e.Task,
        RunEvents.TaskSkipped e => e.Task,
        RunEvents.TaskUpstreamFailed e => e.Task,
        _ => null,
    };
}
