using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pit.Server.Control;

/// <summary>
/// The control channel's wire format: one JSON object per line (NDJSON), both ways.
/// <list type="bullet">
/// <item>request <c>{"id":1,"cmd":"run show","args":{…}}</c>; <c>{"id":1,"cancel":true}</c> stops command 1;</item>
/// <item>a one-shot command answers <c>{"id":1,"result":…}</c>;</item>
/// <item>a streaming command answers <c>{"id":1,"data":…}</c> lines, then <c>{"id":1,"done":true}</c>;</item>
/// <item>an error is <c>{"id":1,"error":{"code","message","known"}}</c>;</item>
/// <item>over TCP the first line is <c>{"auth":"&lt;control_token&gt;"}</c>, answered <c>{"auth":"ok"}</c>.</item>
/// </list>
/// </summary>
public static class ControlProtocol
{
    /// <summary>A request line longer than this is refused and its connection closed.</summary>
    public const int MaxLineBytes = 1024 * 1024;

    /// <summary>A parsed request line: exactly one of <see cref="Cmd"/>, <see cref="Cancel"/>, <see cref="Auth"/> is set.</summary>
    public sealed record Request(JsonNode? Id, string? Cmd, JsonNode? Args, bool Cancel, string? Auth);

    /// <summary>Reads one line; a <c>bad_request</c> <see cref="Engine.Control.ControlException"/> when it is not a request.</summary>
    public static Request Parse(string line)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(line) as JsonObject ?? throw Bad("a request is a JSON object");
        }
        catch (JsonException ex)
        {
            throw Bad($"not JSON: {ex.Message}");
        }
        var id = json["id"]?.DeepClone();
        if (json["auth"] is JsonValue auth && auth.GetValueKind() == JsonValueKind.String) return new Request(id, null, null, false, auth.GetValue<string>());
        if (json["cancel"] is JsonValue cancel && cancel.GetValueKind() == JsonValueKind.True) return new Request(id, null, null, true, null);
        if (json["cmd"] is not JsonValue cmd || cmd.GetValueKind() != JsonValueKind.String)
            throw Bad("a request needs \"cmd\" (e.g. {\"id\":1,\"cmd\":\"system uptime\"}); try \"help\"", id);
        return new Request(id, cmd.GetValue<string>().Trim(), json["args"]?.DeepClone(), false, null);
    }

    public static string Result(JsonNode? id, JsonNode? result) => Reply(id, "result", result);

    /// <summary>A stream's data line; written without copying either node (a stream sends many).</summary>
    public static string Data(JsonNode? id, JsonNode? data) => Reply(id, "data", data);

    /// <summary><c>{"id":…,"&lt;key&gt;":…}</c> and a newline, each node written as it is.</summary>
    private static string Reply(JsonNode? id, string key, JsonNode? value) =>
        $"{{\"id\":{id?.ToJsonString() ?? "null"},\"{key}\":{value?.ToJsonString() ?? "null"}}}\n";

    public static string Done(JsonNode? id, bool cancelled = false)
    {
        var reply = new JsonObject { ["id"] = id?.DeepClone(), ["done"] = true };
        if (cancelled) reply["cancelled"] = true;
        return Line(reply);
    }

    public static string Error(JsonNode? id, string code, string message, IReadOnlyList<string>? known = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (known is { Count: > 0 }) error["known"] = new JsonArray(known.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray());
        return Line(new JsonObject { ["id"] = id?.DeepClone(), ["error"] = error });
    }

    public static string AuthOk() => Line(new JsonObject { ["auth"] = "ok" });

    private static string Line(JsonObject reply) => reply.ToJsonString() + "\n";

    private static BadRequest Bad(string message, JsonNode? id = null) => new(message, id);

    /// <summary>A line that is not a request; <see cref="Id"/> is its id when it had one.</summary>
    public sealed class BadRequest(string message, JsonNode? id) : Exception(message)
    {
        public JsonNode? Id { get; } = id;
    }
}
