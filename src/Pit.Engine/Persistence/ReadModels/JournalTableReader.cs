using Microsoft.Data.Sqlite;
using Pit.Engine.Protocol;

namespace Pit.Engine.Persistence.ReadModels;

/// <summary>
/// Reads the run events (tag <c>run</c>) after an offset straight from the journal's tables in the
/// SQLite metadata database (Akka.Persistence.Sql's <c>journal</c> and <c>tags</c>, tag-table mode),
/// in journal order, each through <see cref="PitEventSerializer"/>: what Persistence Query's
/// <c>CurrentEventsByTag("run", Offset.Sequence(n))</c> returns, without an actor system, so a
/// <c>pit</c> command catches the read models up in milliseconds. SQLite has one writer at a time,
/// so the rows a reader sees are always every event up to the highest offset it sees.
/// </summary>
public static class JournalTableReader
{
    // "+t.tag": not by the tag's index (every run event has the tag), but by the primary key's
    // range of offsets after the last one projected: cheap when little is new.
    private const string Query = """
        SELECT j.ordering, j.message, j.manifest, j.identifier
        FROM tags t JOIN journal j ON j.ordering = t.ordering_id
        WHERE +t.tag = $tag AND t.ordering_id > $after AND j.deleted = 0
        ORDER BY t.ordering_id
        LIMIT $limit
        """;

    /// <summary>True once the journal's tables exist (the first run creates them).</summary>
    public static bool HasJournal(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('journal', 'tags')";
        return Convert.ToInt64(command.ExecuteScalar()) == 2;
    }

    /// <summary>Up to <paramref name="limit"/> run events after <paramref name="after"/>, oldest first.</summary>
    public static List<JournalEvent> ReadAfter(SqliteConnection connection, long after, int limit, SqliteTransaction? transaction = null)
    {
        var events = new List<JournalEvent>(Math.Min(limit, 4096));
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Query;
        command.Parameters.AddWithValue("$tag", RunEventTagger.RunTag);
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
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM tags WHERE ordering_id > $after AND ordering_id < $before AND +tag = $tag)";
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$before", before);
        command.Parameters.AddWithValue("$tag", RunEventTagger.RunTag);
        return Convert.ToInt64(command.ExecuteScalar()) != 0;
    }

    /// <summary>The highest offset of a run event, 0 for none.</summary>
    public static long LastOffset(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT coalesce((SELECT ordering_id FROM tags WHERE +tag = $tag ORDER BY ordering_id DESC LIMIT 1), 0)";
        command.Parameters.AddWithValue("$tag", RunEventTagger.RunTag);
        return Convert.ToInt64(command.ExecuteScalar());
    }
}
