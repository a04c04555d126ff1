using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;
using Pit.Engine.Streams;

namespace Pit.Server.Api;

/// <summary>The data of the last event of a log stream (<c>event: end</c>).</summary>
/// <param name="State">The task's state: success, failed, skipped, upstream_failed; pending or running when its run ended first.</param>
/// <param name="RunState">The run's state at that moment.</param>
public sealed record LogStreamEnd(string Task, string State, int? ExitCode, string RunState);

/// <summary>
/// A task's log as server-sent events (<c>text/event-stream</c>): each line one event (a line with
/// a <c>\r</c> in it becomes several <c>data:</c> fields, which a client joins with <c>\n</c>), whose
/// id is the byte offset of the log after it, so a client that reconnects with <c>Last-Event-ID</c>
/// goes on where it stopped; a comment (<c>:</c>) after a quiet while keeps proxies from closing the
/// connection; last, <c>event: end</c> with <see cref="LogStreamEnd"/> as JSON. A client that goes
/// away, or <c>pit serve</c> stopping, ends the follow and everything it holds.
/// </summary>
public sealed class TaskLogStream(TaskLogFollower follower, string runId, string task, LogTail tail) : IResult
{
    public const string EndEvent = "end";

    private static readonly byte[] KeepAlive = ":\n\n"u8.ToArray();

    public async Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // Tells nginx not to hold the events back.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        await response.StartAsync(cancel.Token);

        using var batch = new MemoryStream();
        try
        {
            await foreach (var step in follower.FollowAsync(runId, task, tail, cancel.Token))
            {
                batch.SetLength(0);
                switch (step)
                {
                    case TaskLogFollower.Lines lines:
                        await SseFormatter.WriteAsync(Events(lines), batch, cancel.Token);
                        break;
                    case TaskLogFollower.Quiet:
                        batch.Write(KeepAlive);
                        break;
                    case TaskLogFollower.Ended ended:
                        await SseFormatter.WriteAsync(Each([End(ended.Run)]), batch, cancel.Token);
                        break;
                }
                await response.Body.WriteAsync(batch.GetBuffer().AsMemory(0, (int)batch.Length), cancel.Token);
                await response.Body.FlushAsync(cancel.Token);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The client went away, or pit serve is stopping: the follow ended with it.
        }
    }

    /// <summary>One event per line, whose id is the byte offset of the log after it.</summary>
    private static IAsyncEnumerable<SseItem<string>> Events(TaskLogFollower.Lines lines) =>
        Each(lines.Text.Select(line => new SseItem<string>(line.Text) { EventId = line.End.ToString(CultureInfo.InvariantCulture) }));

    /// <summary>The form <see cref="SseFormatter"/> takes.</summary>
    private static async IAsyncEnumerable<SseItem<string>> Each(IEnumerable<SseItem<string>> items)
    {
        await Task.CompletedTask;
        foreach (var item in items) yield return item;
    }

    private SseItem<string> End(RunSummary? run)
    {
        var state = run?.Task(task);
        var end = new LogStreamEnd(task, state is null ? "unknown" : StatusNames.Of(state.Status), state?.ExitCode,
            run is null ? "unknown" : StatusNames.Of(run.Status));
        return new SseItem<string>(JsonSerializer.Serialize(end, ApiJson.Readable.LogStreamEnd), EndEvent);
    }
}
