using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Pit.Server.Api;

/// <summary>
/// The optional body of <c>POST /api/dags/{name}/trigger</c>: a JSON object of string parameters,
/// e.g. <c>{"date": "2025-03-14"}</c>. No body (or only whitespace) means no parameters.
/// </summary>
public static class TriggerBody
{
    /// <summary>A trigger's parameters are a few short strings; a body larger than this is refused.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The parameters, or the 400 / 413 answer saying what is wrong with the body.</summary>
    public static async Task<(Dictionary<string, string>? Parameters, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancel)
    {
        if (request.ContentLength > MaxBytes) return (null, TooLarge());
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancel)) > 0)
        {
            if (buffer.Length + read > MaxBytes) return (null, TooLarge());
            buffer.Write(chunk, 0, read);
        }
        return Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    public static (Dictionary<string, string>? Parameters, IResult? Problem) Parse(ReadOnlyMemory<byte> body)
    {
        if (IsBlank(body.Span)) return (new Dictionary<string, string>(StringComparer.Ordinal), null);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return (null, ApiErrors.BadRequest($"the body is not valid JSON ({ex.Message}); send an object of string parameters, e.g. {{\"date\": \"2025-03-14\"}}"));
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (null, ApiErrors.BadRequest($"the body must be a JSON object of string parameters, got {Describe(document.RootElement.ValueKind)}"));
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                    return (null, ApiErrors.BadRequest($"parameter '{property.Name}' must be a string, got {Describe(property.Value.ValueKind)}"));
                if (!parameters.TryAdd(property.Name, property.Value.GetString()!))
                    return (null, ApiErrors.BadRequest($"parameter '{property.Name}' is given twice"));
            }
            return (parameters, null);
        }
    }

    private static IResult TooLarge() => ApiErrors.Result(StatusCodes.Status413PayloadTooLarge, "body_too_large",
        $"a trigger's body may hold at most {MaxBytes / 1024} KiB of parameters");

    private static bool IsBlank(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        return true;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.String => "a string",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
