using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;
using Pit.Engine.Sdk;

namespace Pit.Engine.Control;

/// <summary>
/// One journal event of a run as <c>run events</c> shows it: <c>{seq, type, at, …fields}</c>, the
/// fields as the journal stores them but with snake_case keys, times in UTC, a retry's delay in
/// seconds and a run's end status named as in <c>run show</c>; every text passes the redactor, so a
/// secret passed as a parameter stays masked.
/// </summary>
public static class RunEventJson
{
    public static JsonObject Of(long sequenceNr, object evt, Redactor secrets)
    {
        var shown = new JsonObject { ["seq"] = sequenceNr, ["type"] = evt.GetType().Name };
        if (evt is not IPitEvent || PitEventJson.Default.GetTypeInfo(evt.GetType()) is not { } info
            || JsonSerializer.SerializeToNode(evt, info) is not JsonObject fields) return shown;
        if (fields["at"] is { } at) shown["at"] = Time(at);
        foreach (var (key, value) in fields)
        {
            var name = JsonNamingPolicy.SnakeCaseLower.ConvertName(key);
            if (name == "at") continue;
            shown[name] = name switch
            {
                "logical_time" => Time(value),
                "parameters" => Redacted(value, secrets, renameKeys: false),
                _ => Redacted(value, secrets, renameKeys: true),
            };
        }
        switch (evt)
        {
            case RunEvents.TaskRetryScheduled retry:
                shown.Remove("delay");
                shown["delay_seconds"] = ControlJson.Seconds(retry.Delay);
                break;
            case RunEvents.RunFinished finished:
                // The state names every other answer uses (success, timed_out), not the journal's.
                shown["status"] = StatusNames.Of(finished.Status);
                break;
        }
        return shown;
    }

    private static JsonNode? Time(JsonNode? value) =>
        value is JsonValue text && text.GetValueKind() == JsonValueKind.String
        && DateTimeOffset.TryParse(text.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? ControlJson.Time(at)
            : value?.DeepClone();

    /// <summary>A copy with every string masked; an object's keys in snake_case unless they are names of the user's (parameters).</summary>
    private static JsonNode? Redacted(JsonNode? value, Redactor secrets, bool renameKeys) => value switch
    {
        JsonObject obj => new JsonObject(obj.Select(pair => new KeyValuePair<string, JsonNode?>(
            renameKeys ? JsonNamingPolicy.SnakeCaseLower.ConvertName(pair.Key) : pair.Key, Redacted(pair.Value, secrets, renameKeys)))),
        JsonArray array => new JsonArray(array.Select(item => Redacted(item, secrets, renameKeys)).ToArray()),
        JsonValue text when text.GetValueKind() == JsonValueKind.String => JsonValue.Create(secrets.Redact(text.GetValue<string>())),
        _ => value?.DeepClone(),
    };
}
