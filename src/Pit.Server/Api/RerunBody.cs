using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Pit.Engine.Protocol;

namespace Pit.Server.Api;

/// <summary>
/// The optional body of <c>POST /api/runs/{id}/rerun</c>: <c>{"mode": "all" | "failed" | "from" | "task", "task": "…"}</c>;
/// <c>from</c> and <c>task</c> need the task, the others take none. No body (or only whitespace) means <c>all</c>.
/// </summary>
public static class RerunBody
{
    public const int MaxBytes = 4 * 1024;

    /// <summary>The rerun asked for, or the 400 / 413 answer saying what is wrong with the body.</summary>
    public static async Task<(RerunOrder? Order, IResult? Problem)> ReadAsync(string runId, HttpRequest request, CancellationToken cancel)
    {
        if (request.ContentLength > MaxBytes) return (null, TooLarge());
        using var buffer = new MemoryStream();
        var chunk = new byte[1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancel)) > 0)
        {
            if (buffer.Length + read > MaxBytes) return (null, TooLarge());
            buffer.Write(chunk, 0, read);
        }
        return Parse(runId, buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    public static (RerunOrder? Order, IResult? Problem) Parse(string runId, ReadOnlyMemory<byte> body)
    {
        if (body.Span.Trim(" \t\r\n"u8).IsEmpty) return (new RerunOrder(runId, RerunMode.All), null);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return (null, ApiErrors.BadRequest($"the body is not valid JSON ({ex.Message}); send e.g. {{\"mode\": \"failed\"}} or {{\"mode\": \"from\", \"task\": \"load\"}}"));
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, ApiErrors.BadRequest("the body must be a JSON object such as {\"mode\": \"failed\"}"));
            string? modeText = null, task = null;
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name is not ("mode" or "task"))
                    return (null, ApiErrors.BadRequest($"unknown field '{property.Name}'; a rerun's body takes mode and task"));
                if (property.Value.ValueKind != JsonValueKind.String)
                    return (null, ApiErrors.BadRequest($"{property.Name} must be a string"));
                if (property.Name == "mode") modeText = property.Value.GetString();
                else task = property.Value.GetString();
            }
            var mode = RerunMode.All;
            if (modeText is not null && !RerunOrder.TryParseMode(modeText, out mode))
                return (null, ApiErrors.BadRequest($"unknown mode '{modeText}'; modes: {string.Join(", ", RerunOrder.ModeNames)}"));
            var order = new RerunOrder(runId, mode, task);
            return order.Problem() is { } problem ? (null, ApiErrors.BadRequest(problem)) : (order, null);
        }
    }

    private static IResult TooLarge() => ApiErrors.Result(StatusCodes.Status413PayloadTooLarge, "body_too_large", $"a rerun's body may hold at most {MaxBytes / 1024} KiB");
}
