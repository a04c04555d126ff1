using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pit.Engine.Sdk;

/// <summary>
/// One line in, one line out: <c>{"id": 1, "method": "…", "params": {…}, "token": "…"}</c> →
/// <c>{"id": 1, "result": …}</c> or <c>{"id": 1, "error": {"code": "…", "message": "…"}}</c>.
/// A reply that ends the connection (bad or missing token, a line over the limit) says so in
/// <see cref="Reply.Close"/>.
/// </summary>
public sealed class SdkProtocol(SdkTokens tokens, SdkMethods methods)
{
    /// <summary>The longest request line accepted.</summary>
    public const int MaxLineBytes = 1024 * 1024;

    public readonly record struct Reply(string Line, bool Close);

    public async Task<Reply> HandleAsync(string line)
    {
        JsonObject request;
        try
        {
            request = JsonNode.Parse(line) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            return Error(null, new SdkError(SdkError.ParseError, "the request is not a JSON object"), close: false);
        }
        // Detached from the request (not copied), so the reply can hold it.
        var id = request["id"];
        request.Remove("id");
        var token = request["token"] is JsonValue t && t.TryGetValue<string>(out var text) ? text : null;
        if (tokens.Find(token) is not { } caller)
        {
            var message = token is null ? "the request has no token (PIT_TOKEN)" : "the token is not one of this run's";
            return Error(id, new SdkError(SdkError.Unauthorized, message), close: true);
        }
        if (request["method"] is not JsonValue m || !m.TryGetValue<string>(out var method))
            return Error(id, new SdkError(SdkError.BadRequest, "the request has no method"), close: false);
        var parameters = request["params"] switch
        {
            null => [],
            JsonObject p => p,
            _ => null,
        };
        request.Remove("params");
        if (parameters is null) return Error(id, new SdkError(SdkError.BadRequest, "params must be an object"), close: false);

        JsonNode? result;
        SdkError? error;
        try
        {
            (result, error) = await methods.HandleAsync(new SdkRequest(caller, method, parameters) { Cancel = tokens.Ended(token!) }).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            (result, error) = (null, new SdkError(SdkError.Cancelled, "the task's attempt ended (timed out, cancelled or exited) before this request finished; its work was stopped"));
        }
        catch (Exception e) when (e is TimeoutException or Akka.Actor.AskTimeoutException or JsonException)
        {
            (result, error) = (null, new SdkError("unavailable", $"the run did not answer: {e.Message}"));
        }
        if (error is not null) return Error(id, error, close: false);
        return new Reply(new JsonObject { ["id"] = id, ["result"] = result }.ToJsonString(), false);
    }

    public static Reply TooLong() =>
        Error(null, new SdkError(SdkError.LineTooLong, $"a request line is longer than {MaxLineBytes} bytes; closing the connection"), close: true);

    private static Reply Error(JsonNode? id, SdkError error, bool close) =>
        new(new JsonObject { ["id"] = id, ["error"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message } }.ToJsonString(), close);
}
