using Microsoft.Data.Sqlite;
using Pit.Engine.Protocol;

namespace Pit.Engine.Persistence.ReadModels;

/// <summary>
/// Reads the run events after an offset straight from the journal table in the SQLite metadata
/// database (Akka.Persistence.Sql's <c>journal</c>), in journal order, each through
/// <see cref="PitEventSerializer"/>: the events <see cref="RunEventTagger"/> tags <c>run</c> (every
/// event of a run, <see cref="IWithRunId"/>, known here by its manifest), as Persistence Query's
/// <c>CurrentEventsByTag("run", Offset.Sequence(n))</c> returns them, but without an actor system
/// and without a join through the tag table, so a <c>pit</c> command catches the read models up in
/// milliseconds and a rebuild reads the journal at the speed of the table. SQLite has one writer at
/// a time, so the rows a reader sees are always every event up to the highest offset it sees.
/// </summary>
public static class JournalTableReader
{
    /// <summary>The manifests of the run events (those tagged <c>run</c>), as an SQL list of literals.</summary>
    private static readonly string RunManifests = string.Join(", ", PitEventSerializer.Manifests
        .Where(pair => typeof(IWithRunId).IsAssignableFrom(pair.Key))
        .Select(pair => "'" + pair.Value.Replace("'", "''", StringComparison.Ordinal) + "'")
        .Order(StringComparer.Ordinal));

    private static readonly string Query = $"""
        SELECT ordering, message, manifest, identifier FROM journal
        WHERE ordering > $after AND deleted = 0 AND manifest IN ({RunManifests})
        ORDER BY ordering
        LIMIT $limit
        """;

    /// <summary>True once the journal's table exists (the first run creates it).</summary>
    public static bool HasJournal(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'journal'";
        return Convert.ToInt64(command.ExecuteScalar()) == 1;
    }

    /// <summary>Up to <paramref name="limit"/> run events after <paramref name="after"/>, oldest first.</summary>
    public static List<JournalEvent> ReadAfter(SqliteConnection connection, long after, int limit, SqliteTransaction? transaction = null)
    {
        var events = new List<JournalEvent>(Math.Min(limit, 4096));
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Query;
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var offset = reader.GetInt64(0);
            var identifier = reader.IsDBNull(3) ? 0 : reader.GetInt32(3);
            var manifest = reader.IsDBNull(2) ? "" : reader.GetString(2);
            if (identifier != PitEventSerializer.Id)
                throw new InvalidOperationException(
                    $"journal event at offset {offset} (manifest '{manifest}') has serializer {identifier}, not Pit's ({PitEventSerializer.Id}): it cannot be projected");
            var bytes = (byte[])reader.GetValue(1);
            if (PitEventSerializer.Read(bytes, manifest) is IPitEvent evt)
                events.Add(new JournalEvent(offset, evt));
        }
        return events;
    }

    /// <summary>True when the journal holds a run event after <paramref name="after"/> and before <paramref name="before"/>.</summary>
    public static bool HasRunEventsBetween(SqliteConnection connection, long after, long before, SqliteTransaction? transaction = null)
    {
        if (before <= after + 1) return false;
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT EXISTS (SELECT 1 FROM journal WHERE ordering > $after AND ordering < $before AND deleted = 0 AND manifest IN ({RunManifests}))";
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$before", before);
        return Convert.ToInt64(command.ExecuteScalar()) != 0;
    }

    /// <summary>The highest offset of a run event, 0 for none.</summary>
    public static long LastOffset(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT coalesce((SELECT ordering FROM journal WHERE deleted = 0 AND manifest IN ({RunManifests}) ORDER BY ordering DESC LIMIT 1), 0)";
        return Convert.ToInt64(command.ExecuteScalar());
    }
}
