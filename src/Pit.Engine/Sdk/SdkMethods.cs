using System.Text.Json.Nodes;
using Pit.Core.Secrets;

namespace Pit.Engine.Sdk;

/// <summary>An error reply: a stable code and a message that never holds a secret value.</summary>
public sealed record SdkError(string Code, string Message)
{
    public const string NotFound = "not_found";
    public const string BadRequest = "bad_request";
    public const string UnknownMethod = "unknown_method";
    public const string NotAvailable = "not_available";
    public const string Unauthorized = "unauthorized";
    public const string ParseError = "parse_error";
    public const string LineTooLong = "line_too_long";
    public const string Cancelled = "cancelled";
}

/// <summary>What a request asks for, once its token is known to belong to <see cref="Caller"/>.</summary>
public sealed record SdkRequest(SdkCaller Caller, string Method, JsonObject Params)
{
    /// <summary>Cancelled when the caller's attempt ends: long work (a load, a query) stops then.</summary>
    public CancellationToken Cancel { get; init; }
}

/// <summary>
/// The methods of the SDK socket: <c>ping</c>; <c>get_secret</c> and <c>get_secret_field</c>
/// (scoped to the caller's project, then <c>[global]</c>, by <paramref name="secrets"/>, which
/// records each lookup; every value found is added to the run's redactor);
/// <c>get_context</c> and <c>set_context</c> (the run's key-value store, each set persisted
/// before the reply); the data methods of <see cref="SdkDataMethods"/> when the run has a data folder.
/// Methods that later issues bring (<see cref="Coming"/>) reply <c>not_available</c>.
/// </summary>
public sealed class SdkMethods(ISecretSource secrets, Redactor redactor, IRunContext context, SdkDataMethods? data = null)
{
    public static readonly IReadOnlyList<string> Coming = ["ftp_list", "ftp_download", "ftp_upload"];

    /// <summary>The run's trigger parameters, for <c>get_param</c>.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    public async ValueTask<(JsonNode? Result, SdkError? Error)> HandleAsync(SdkRequest request)
    {
        switch (request.Method)
        {
            case "get_context":
            {
                SdkError? error = null;
                var key = Text(request.Params, "key", ref error);
                if (key is null) return (null, error);
                return context.TryGet(key, out var json)
                    ? (JsonNode.Parse(json), null)
                    : (null, new SdkError(SdkError.NotFound, $"context key '{key}' is not set in this run"));
            }
            case "set_context":
            {
                SdkError? error = null;
                var key = Text(request.Params, "key", ref error);
                if (key is null) return (null, error);
                if (key.EndsWith(Runs.DagRunState.ExitCodeSuffix, StringComparison.Ordinal))
                    return (null, new SdkError(SdkError.BadRequest, $"'{key}' is set by Pit when the task ends; choose another key"));
                if (!request.Params.ContainsKey("value"))
                    return (null, new SdkError(SdkError.BadRequest, "params.value is missing (any JSON value, null included)"));
                await context.SetAsync(request.Caller, key, request.Params["value"]?.ToJsonString() ?? "null").ConfigureAwait(false);
                return (JsonValue.Create(true), null);
            }
            case "ping":
                return (JsonValue.Create("pong"), null);
            case "get_param":
            {
                SdkError? error = null;
                var key = Text(request.Params, "key", ref error);
                if (key is null) return (null, error);
                return Parameters.TryGetValue(key, out var value)
                    ? (JsonValue.Create(value), null)
                    : (null, new SdkError(SdkError.NotFound, $"parameter '{key}' was not given to this run; its parameters: {(Parameters.Count == 0 ? "none" : string.Join(", ", Parameters.Keys))}"));
            }
            case "get_secret":
            {
                var (secret, error) = await SecretAsync(request).ConfigureAwait(false);
                return secret switch
                {
                    Secret.Plain plain => (JsonValue.Create(plain.Value), null),
                    Secret.Structured structured => (Fields(structured), null),
                    _ => (null, error),
                };
            }
            case "get_secret_field":
            {
                SdkError? error = null;
                var field = Text(request.Params, "field", ref error);
                if (field is null) return (null, error);
                var (secret, notFound) = await SecretAsync(request).ConfigureAwait(false);
                if (secret is null) return (null, notFound);
                if (secret is Secret.Structured s && s.Fields.TryGetValue(field, out var value)) return (JsonValue.Create(SecretText.Of(value)), null);
                return (null, new SdkError(SdkError.NotFound, secret is Secret.Structured st
                    ? $"secret '{secret.Key}' has no field '{field}'; its fields: {string.Join(", ", st.Fields.Keys)}"
                    : $"secret '{secret.Key}' is a plain secret, not a table of fields"));
            }
            case var method when data is not null && SdkDataMethods.Names.Contains(method):
                return await data.HandleAsync(request).ConfigureAwait(false);
            default:
            {
                var error = Unavailable(request);
                return (null, error);
            }
        }
    }

    private static SdkError Unavailable(SdkRequest request)
    {
        switch (request.Method)
        {
            case var method when Coming.Contains(method):
                return new SdkError(SdkError.NotAvailable, $"method '{method}' is not available in this version of Pit");
            default:
                return new SdkError(SdkError.UnknownMethod, $"unknown method '{request.Method}'; methods: ping, get_secret, get_secret_field, get_context, set_context, get_param, {string.Join(", ", SdkDataMethods.Names)}");
        }
    }

    private async Task<(Secret? Secret, SdkError? Error)> SecretAsync(SdkRequest request)
    {
        SdkError? error = null;
        var key = Text(request.Params, "key", ref error);
        if (key is null) return (null, error);
        var lookup = await secrets.ResolveAsync(request.Caller, key).ConfigureAwait(false);
        if (lookup.Secret is not { } secret) return (null, new SdkError(SdkError.NotFound, lookup.Error!));
        redactor.Add(secret.Values);
        return (secret, null);
    }

    private static JsonObject Fields(Secret.Structured secret)
    {
        var fields = new JsonObject();
        foreach (var (name, value) in secret.Fields)
            fields[name] = value switch
            {
                string s => JsonValue.Create(s),
                long l => JsonValue.Create(l),
                double d => JsonValue.Create(d),
                bool b => JsonValue.Create(b),
                _ => JsonValue.Create(SecretText.Of(value)),
            };
        return fields;
    }

    private static string? Text(JsonObject parameters, string name, ref SdkError? error)
    {
        if (parameters[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0) return text;
        error = new SdkError(SdkError.BadRequest, $"params.{name} must be a non-empty string");
        return null;
    }
}
