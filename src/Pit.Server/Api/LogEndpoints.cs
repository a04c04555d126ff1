using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pit.Engine.Persistence;
using Pit.Engine.Runs;
using Pit.Engine.Streams;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Server.Api;

/// <summary>
/// <c>GET /api/runs/{id}/tasks/{task}/logs</c>: a task's log (<c>runs/&lt;id&gt;/logs/&lt;task&gt;.log</c>,
/// secrets already masked) as text; with <c>?follow=true</c> as server-sent events until the task
/// settles or its run ends (<see cref="TaskLogStream"/>). A task that has not written a log yet
/// (pending, just started, skipped, upstream_failed) has an empty one; a task that ran and whose log
/// is gone (<c>keep_artifacts</c>, retention) gets 404 <c>no_log</c>.
/// </summary>
public static class LogEndpoints
{
    /// <summary>The header an SSE client sends when it reconnects: the id of the last event it got, here a byte offset of the log.</summary>
    public const string LastEventIdHeader = "Last-Event-ID";

    public static void Map(IEndpointRouteBuilder api) => api.MapGet("/api/runs/{id}/tasks/{task}/logs", GetAsync);

    private static async Task<IResult> GetAsync(string id, string task, HttpRequest request, ApiBackend api, CancellationToken cancel)
    {
        var follow = request.Query.TryGetValue("follow", out var values) ? values.ToString() : "";
        if (follow is not ("" or "true" or "false"))
            return ApiErrors.BadRequest($"follow must be true or false, got '{follow}'");

        var run = RunIds.TryDagOf(id, out _) ? await api.History.GetAsync(id, cancel) : null;
        if (run is null)
            return ApiErrors.Result(StatusCodes.Status404NotFound, "unknown_run", $"no run '{id}' in the run history");
        if (run.Task(task) is not { } state)
        {
            var known = run.Tasks.Select(t => t.Name).ToList();
            return ApiErrors.Result(StatusCodes.Status404NotFound, "unknown_task",
                $"run '{id}' has no task '{task}'; its tasks: {(known.Count == 0 ? "none" : string.Join(", ", known))}", known);
        }

        var log = RunPaths.Of(api.Workspace.Config.RunsDir, run.RunId).LogOf(state.Name);
        if (!File.Exists(log) && state.Attempts > 0 && state.Status != TaskStatus.Running)
            return ApiErrors.Result(StatusCodes.Status404NotFound, "no_log",
                $"task '{task}' of run '{id}' ran, but its log {Path.GetRelativePath(api.Workspace.Root, log)} is gone (removed by keep_artifacts or retention)");

        if (follow != "true") return Text(log);
        var offset = 0L;
        if (request.Headers[LastEventIdHeader].ToString() is { Length: > 0 } lastEventId
            && (!long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || !LogTail.IsLineStart(log, offset)))
            return ApiErrors.BadRequest($"the {LastEventIdHeader} header must be the id of an event of this log stream (a byte offset of the log where a line starts), got '{lastEventId}'");
        return new TaskLogStream(api.Logs, run.RunId, state.Name, new LogTail(log, offset));
    }

    /// <summary>What the log holds now, as <c>text/plain</c>; empty when the task has not written one.</summary>
    private static IResult Text(string log)
    {
        const string contentType = "text/plain; charset=utf-8";
        try
        {
            var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 64 * 1024, useAsync: true);
            return Results.Stream(stream, contentType);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Results.Text("", contentType);
        }
    }
}
