using System.Text.Json.Serialization;
using Akka.Actor;
using Microsoft.AspNetCore.Http;

namespace Pit.Server.Api;

/// <summary>Every error the API answers: <c>{"error":{"code":"…","message":"…"}}</c>.</summary>
public sealed record ApiError(ApiErrorBody Error);

/// <param name="Code">A stable word a client can branch on (<c>unknown_dag</c>, <c>overlap</c>, …).</param>
/// <param name="Message">What went wrong, for a person.</param>
/// <param name="Known">The names the caller could have meant (an unknown DAG's known DAGs).</param>
public sealed record ApiErrorBody(
    string Code,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Known = null);

/// <summary>Builds error answers, and turns what no endpoint answered (no route, a crash) into one.</summary>
public static class ApiErrors
{
    public static IResult Result(int status, string code, string message, IReadOnlyList<string>? known = null) =>
        Results.Json(new ApiError(new ApiErrorBody(code, message, known)), ApiJson.Readable.ApiError, statusCode: status);

    public static IResult BadRequest(string message) => Result(StatusCodes.Status400BadRequest, "bad_request", message);

    /// <summary>The engine did not answer an ask in time.</summary>
    public static IResult Timeout(string what) =>
        Result(StatusCodes.Status504GatewayTimeout, "timeout", $"the engine did not answer in time ({what})");

    /// <summary>
    /// Middleware: a request that fails with an exception gets a 500 error (and the server goes on);
    /// a request no endpoint matched gets a JSON 404 or 405 instead of an empty body.
    /// </summary>
    public static async Task Guard(HttpContext context, RequestDelegate next, Action<Exception, HttpRequest> log)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody is left to answer.
            return;
        }
        catch (AskTimeoutException ex) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await Timeout(ex.Message).ExecuteAsync(context);
            return;
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            // A body too large or cut short: the client's mistake, not the server's.
            context.Response.Clear();
            await Result(ex.StatusCode, "bad_request", ex.Message).ExecuteAsync(context);
            return;
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            log(ex, context.Request);
            context.Response.Clear();
            await Result(StatusCodes.Status500InternalServerError, "internal", "the request failed inside pit serve; its log on stderr says why")
                .ExecuteAsync(context);
            return;
        }
        if (context.Response.HasStarted || context.Response.ContentType is not null) return;
        var answer = context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => Result(StatusCodes.Status404NotFound, "not_found", $"no such endpoint: {context.Request.Path}"),
            StatusCodes.Status405MethodNotAllowed => Result(StatusCodes.Status405MethodNotAllowed, "method_not_allowed",
                $"{context.Request.Method} is not allowed on {context.Request.Path}"),
            _ => null,
        };
        if (answer is not null) await answer.ExecuteAsync(context);
    }
}
