using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Pit.Connectors.Sql.Sqlite;

/// <summary>
/// Runs a script the way <c>sqlite3_exec</c> does: SQLite's parser takes one statement at a time
/// from the text, which is stepped to the end before the next. Knowing where each statement starts
/// gives the line of the one that fails. Rows affected are SQLite's change count over the script.
/// A database locked by another writer is waited for up to <see cref="LockWait"/>, as
/// Microsoft.Data.Sqlite's own commands do.
/// </summary>
internal static class SqliteScriptRunner
{
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    public static long Run(SqliteConnection connection, string sql, CancellationToken cancel)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("the SQLite connection is not open");
        raw.sqlite3_busy_timeout(db, (int)LockWait.TotalMilliseconds);
        var text = Encoding.UTF8.GetBytes(sql);
        using var interrupt = SqliteDialect.Interrupt(connection, cancel);
        long changes = 0;
        var offset = 0;
        while (offset < text.Length)
        {
            cancel.ThrowIfCancellationRequested();
            var start = ScriptLines.SkipTrivia(text, offset);
            var rc = raw.sqlite3_prepare_v2(db, text.AsSpan(offset), out var statement, out var tail);
            if (rc != raw.SQLITE_OK) throw Failure(db, rc, text, start, cancel);
            using (statement)
            {
                offset = text.Length - tail.Length;
                if (statement is null || statement.IsInvalid) continue; // only comments or whitespace were left
                var before = raw.sqlite3_total_changes(db);
                while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW) { }
                if (rc != raw.SQLITE_DONE) throw Failure(db, rc, text, start, cancel);
                changes += raw.sqlite3_total_changes(db) - before;
            }
        }
        return changes;
    }

    private static Exception Failure(sqlite3 db, int rc, byte[] text, int statementStart, CancellationToken cancel)
    {
        if (rc == raw.SQLITE_INTERRUPT && cancel.IsCancellationRequested)
            return new OperationCanceledException("the script was interrupted", cancel);
        var message = raw.sqlite3_errmsg(db).utf8_to_string();
        return new SqlScriptException(message, ScriptLines.LineAt(text, statementStart), new SqliteException(message, rc));
    }
}
