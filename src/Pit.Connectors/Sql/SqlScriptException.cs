namespace Pit.Connectors.Sql;

/// <summary>
/// The database refused a script or a query. <see cref="Exception.Message"/> is the database's own
/// message, followed by <c> (line N)</c> when the line of the script is known.
/// </summary>
public sealed class SqlScriptException : SqlConnectorException
{
    public SqlScriptException(string databaseMessage, int? line, Exception? inner = null)
        : base(line is { } n ? $"{databaseMessage} (line {n})" : databaseMessage, inner)
    {
        DatabaseMessage = databaseMessage;
        Line = line;
    }

    /// <summary>The database's message alone, without the line.</summary>
    public string DatabaseMessage { get; }

    /// <summary>The 1-based line of the script the error points at, when the database says.</summary>
    public int? Line { get; }
}
