using System.Globalization;
using System.Text.Json.Nodes;

namespace Pit.Engine.Control;

/// <summary>How control results write values: times as ISO-8601 UTC strings, durations as seconds.</summary>
public static class ControlJson
{
    /// <summary><c>2026-11-25T10:00:00.1230000Z</c>, or null.</summary>
    public static JsonNode? Time(DateTimeOffset? at) =>
        at is { } value ? JsonValue.Create(value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)) : null;

    /// <summary>Seconds, to the millisecond, or null.</summary>
    public static JsonNode? Seconds(TimeSpan? span) =>
        span is { } value ? JsonValue.Create(Math.Round(value.TotalSeconds, 3)) : null;

    /// <summary>A JSON array of strings.</summary>
    public static JsonArray Strings(IEnumerable<string> values) =>
        new(values.Select(value => (JsonNode?)JsonValue.Create(value)).ToArray());

    /// <summary>A JSON array of the given nodes.</summary>
    public static JsonArray Array(IEnumerable<JsonNode?> items) => new(items.ToArray());
}
