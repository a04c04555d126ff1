namespace Pit.Core.Dags;

/// <summary>
/// An <c>[[outputs]]</c> entry: something the project produces outside Pit (a table, a file, an
/// email). Pure metadata for the outputs registry; extra fields are kept in <see cref="Metadata"/>.
/// </summary>
public sealed record OutputDefinition
{
    public required string Name { get; init; }
    public required string Type { get; init; }
    public string? Location { get; init; }
    public IReadOnlyList<string> Recipients { get; init; } = [];
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
