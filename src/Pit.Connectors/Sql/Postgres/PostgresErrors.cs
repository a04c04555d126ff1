using Npgsql;

namespace Pit.Connectors.Sql.Postgres;

/// <summary>
/// PostgreSQL errors as <see cref="SqlScriptException"/>: the server's message, its detail and
/// context, and the line of the script. The server gives a position inside the statement that
/// failed; Npgsql sends a script as one statement after another, so the line is that statement's
/// start in the script (see <see cref="PostgresStatements"/>) plus the position within it.
/// </summary>
internal static class PostgresErrors
{
    public static SqlScriptException ScriptError(PostgresException e, string sql, int? statementIndex)
    {
        var message = string.Join(" — ", new[] { e.MessageText, e.Detail, e.Where }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return new SqlScriptException(message, Line(e, sql, statementIndex), e);
    }

    /// <summary>Which statement of the command failed, by its index; null when Npgsql does not say.</summary>
    public static int? FailedStatement(NpgsqlCommand command, PostgresException e)
    {
        if (e.BatchCommand is null) return null;
#pragma warning disable CS0618 // Statements is the only place Npgsql lists a command's statements; the batch API would mean splitting the script here.
        var statements = command.Statements;
#pragma warning restore CS0618
        for (var i = 0; i < statements.Count; i++)
            if (ReferenceEquals(statements[i], e.BatchCommand)) return i;
        return null;
    }

    private static int? Line(PostgresException e, string sql, int? statementIndex)
    {
        if (statementIndex is not { } index) return null;
        var starts = PostgresStatements.Starts(sql);
        if (index >= starts.Count) return null;
        var start = starts[index];
        return e.Position > 0
            ? ScriptLines.LineAt(sql, start + e.Position - 1)
            : ScriptLines.LineAt(sql, ScriptLines.SkipTrivia(sql, start));
    }
}
