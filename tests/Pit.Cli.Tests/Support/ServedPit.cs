using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Pit.Tests.Support;

namespace Pit.Cli.Tests.Support;

/// <summary>An answer of the HTTP API: status code, body text, and the body as JSON (Undefined when empty or not JSON).</summary>
public sealed record ApiReply(HttpStatusCode Status, string Text, JsonElement Json)
{
    /// <summary>The <c>error.code</c> of an error answer.</summary>
    public string? ErrorCode => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("error", out var error) ? error.GetProperty("code").GetString() : null;

    public override string ToString() => $"{(int)Status} {Text}";
}

/// <summary>
/// <c>pit serve</c> running on a temp workspace, on a port that was free a moment ago, with an
/// HTTP client for its API. Started and ready (its "listening" line printed) on construction.
/// </summary>
public sealed class ServedPit : IDisposable
{
    public const string ListeningPrefix = "pit serve: listening on ";

    private readonly HttpClient _http;

    public ServedPit(TempWorkspace workspace, params string[] extraArgs)
    {
        // A port free a moment ago may be taken before pit binds it (by another test's service or an
        // outgoing connection): that start is refused as "Address already in use", and tried again on another.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePorts.Next();
            Process = workspace.StartPit(["serve", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extraArgs]);
            try
            {
                Poll.Until(() => Process.StdoutSoFar.Contains(ListeningPrefix, StringComparison.Ordinal) || Process.HasExited, "pit serve to listen");
            }
            catch
            {
                Process.Dispose();
                throw;
            }
            if (!Process.HasExited) break;
            var result = Process.WaitForExit();
            Process.Dispose();
            if (attempt == 3 || !result.Stderr.Contains("Address already in use", StringComparison.Ordinal))
                throw new InvalidOperationException($"pit serve exited before listening:\n{result}");
        }
        // Longer than the service's own longest wait (a trigger's), so its answer, and the reason in it, arrives first.
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = Pit.Server.Api.ApiBackend.TriggerTimeout * 2 };
    }

    public int Port { get; }

    public RunningPit Process { get; }

    public ApiReply Get(string path, string? token = null) => Send(HttpMethod.Get, path, null, token);

    public ApiReply Post(string path, string? body = null, string? token = null) => Send(HttpMethod.Post, path, body, token);

    /// <summary>Polls <c>GET /api/runs/{id}</c> until the run's state is <paramref name="state"/>, and returns that answer.</summary>
    public JsonElement WaitForRun(string runId, string state)
    {
        ApiReply? last = null;
        Poll.Until(() => (last = Get($"/api/runs/{runId}")).Status == HttpStatusCode.OK && last.Json.GetProperty("state").GetString() == state,
            $"run {runId} to be {state} (last answer: {last})");
        return last!.Json;
    }

    /// <summary>Polls until <paramref name="task"/> of the run is running (its process started).</summary>
    public void WaitForTaskRunning(string runId, string task) =>
        Poll.Until(() =>
        {
            var run = Get($"/api/runs/{runId}");
            return run.Status == HttpStatusCode.OK
                   && run.Json.GetProperty("tasks").EnumerateArray().Any(t => t.GetProperty("name").GetString() == task && t.GetProperty("state").GetString() == "running");
        }, $"task {task} of run {runId} to run");

    /// <summary>What the service has printed so far, for a failure's message: Akka's warnings and errors are in it.</summary>
    public string Output() => $"pit serve's stdout so far:\n{Process.StdoutSoFar}\npit serve's stderr so far:\n{Process.StderrSoFar}";

    public void Dispose()
    {
        _http.Dispose();
        Process.Dispose();
    }

    private ApiReply Send(HttpMethod method, string path, string? body, string? token)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = Answer(request);
        using var reader = new StreamReader(response.Content.ReadAsStream());
        var text = reader.ReadToEnd();
        JsonElement json = default;
        try
        {
            if (text.Length > 0) json = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
        }
        return new ApiReply(response.StatusCode, text, json);
    }

    /// <summary>The service's answer; a request it leaves unanswered fails naming itself, with what the service printed by then.</summary>
    private HttpResponseMessage Answer(HttpRequestMessage request)
    {
        try
        {
            return _http.Send(request);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            throw new InvalidOperationException(
                $"{request.Method} {request.RequestUri} got no answer from pit serve on port {Port} ({ex.Message})\n{Output()}", ex);
        }
    }
}
