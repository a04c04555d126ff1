using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pit.Server.Api;

/// <summary>
/// The API's JSON, generated at build time: snake_case names, no reflection at run time. Every
/// type an endpoint answers with is listed here. Answer through <see cref="Readable"/>.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(DagList))]
[JsonSerializable(typeof(DagDetail))]
[JsonSerializable(typeof(RunList))]
[JsonSerializable(typeof(RunDetail))]
[JsonSerializable(typeof(TriggerStarted))]
[JsonSerializable(typeof(TriggerWaiting))]
[JsonSerializable(typeof(CancelAccepted))]
[JsonSerializable(typeof(OutputList))]
[JsonSerializable(typeof(PauseState))]
[JsonSerializable(typeof(ReloadReport))]
[JsonSerializable(typeof(LogStreamEnd))]
public sealed partial class ApiJson : JsonSerializerContext
{
    /// <summary>
    /// Escapes only what JSON requires, so messages read as written (<c>'</c>, <c>&lt;</c>, <c>`</c>
    /// stay themselves); safe because the API answers <c>application/json</c>, never HTML.
    /// </summary>
    public static ApiJson Readable { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
