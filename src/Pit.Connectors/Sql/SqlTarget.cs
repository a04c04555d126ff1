namespace Pit.Connectors.Sql;

/// <summary>
/// A resolved connection: its name, its dialect and the ADO.NET connection string. The string holds
/// credentials, so <see cref="ToString"/> shows only the name and the provider, and messages about
/// the target use <see cref="Describe"/> and <see cref="Redact"/>.
/// </summary>
public sealed class SqlTarget
{
    private readonly IReadOnlyList<string> _sensitive;

    /// <param name="sensitive">Values to keep out of any message (passwords); the connection string itself always is.</param>
    public SqlTarget(string connectionName, ISqlDialect dialect, string connectionString, IEnumerable<string>? sensitive = null)
    {
        ConnectionName = connectionName;
        Dialect = dialect;
        ConnectionString = connectionString;
        _sensitive = [connectionString, .. (sensitive ?? []).Concat(PasswordsOf(dialect, connectionString))
            .Where(v => v.Length >= 3).Distinct().OrderByDescending(v => v.Length)];
    }

    private static IEnumerable<string> PasswordsOf(ISqlDialect dialect, string connectionString)
    {
        try
        {
            return dialect.SensitiveValues(connectionString).ToList();
        }
        catch (ArgumentException)
        {
            return []; // a string the provider cannot parse fails, without quoting it, when it is opened
        }
    }

    public string ConnectionName { get; }

    public ISqlDialect Dialect { get; }

    /// <summary>Never put it in a message, a log or an exception.</summary>
    public string ConnectionString { get; }

    /// <summary>How messages name the target: <c>connection 'warehouse' (postgres)</c>.</summary>
    public string Describe() => $"connection '{ConnectionName}' ({Dialect.Name})";

    /// <summary>The text with the target's password and connection string replaced by <c>***</c>.</summary>
    public string Redact(string text)
    {
        foreach (var value in _sensitive)
            text = text.Replace(value, "***", StringComparison.Ordinal);
        return text;
    }

    public override string ToString() => Describe();
}
