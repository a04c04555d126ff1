namespace Pit.Connectors.Sql;

/// <summary>
/// A connection given by parts, from a URL (<c>postgres://user:password@host:5432/db?sslmode=require</c>)
/// or a structured secret. <see cref="Options"/> are the provider's own keywords, passed through.
/// </summary>
public sealed record ConnectionParts
{
    public string? Host { get; init; }

    public int? Port { get; init; }

    public string? Database { get; init; }

    public string? User { get; init; }

    public string? Password { get; init; }

    /// <summary>SQLite's database file.</summary>
    public string? Path { get; init; }

    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
}
