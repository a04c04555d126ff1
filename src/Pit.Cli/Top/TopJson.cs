using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pit.Cli.Top;

/// <summary>
/// Reads the fields of a control reply leniently: a field that is missing, null or of another kind
/// reads as absent, so a service a version ahead or behind still shows what it can.
/// </summary>
internal static class TopJson
{
    public static string? String(JsonObject obj, string key) =>
        obj[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static int Int(JsonObject obj, string key) =>
        obj[key] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number) ? number : 0;

    public static int? OptionalInt(JsonObject obj, string key) =>
        obj[key] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number) ? number : null;

    public static double? Number(JsonObject obj, string key) =>
        obj[key] is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<double>() : null;

    public static bool Flag(JsonObject obj, string key) =>
        obj[key] is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    /// <summary>An ISO-8601 time; one without an offset is taken as UTC (the contract's times are UTC).</summary>
    public static DateTimeOffset? Time(JsonObject obj, string key) =>
        String(obj, key) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    /// <summary>The objects of a reply that must be an array; anything else is named in the error.</summary>
    public static IEnumerable<JsonObject> Objects(JsonNode? reply, string command) => reply switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        null => [],
        _ => throw new FormatException($"{command}: expected a list, got {Kind(reply)}"),
    };

    /// <summary>The reply that must be an object; anything else is named in the error.</summary>
    public static JsonObject Object(JsonNode? reply, string command) =>
        reply as JsonObject ?? throw new FormatException($"{command}: expected an object, got {Kind(reply)}");

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "a list",
        JsonObject => "an object",
        _ => node.GetValueKind().ToString().ToLowerInvariant(),
    };
}
