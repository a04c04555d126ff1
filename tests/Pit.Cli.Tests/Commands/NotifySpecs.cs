using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Pit.Cli.Tests.Support;
using Pit.Tests.Support;

namespace Pit.Cli.Tests.Commands;

/// <summary>
/// <c>[dag.notify]</c> on the real <c>pit serve</c>: email to a real SMTP server on 127.0.0.1
/// (aiosmtpd, with a login) through the structured secret <c>smtp</c>, a webhook POST to a local
/// listener whose URL is a secret, and a notification that cannot go out leaving the run as it was.
/// </summary>
public sealed class NotifySpecs : IDisposable
{
    private const string SmtpPassword = "smtp-Pa55word-e2e-41c9";
    private const string HookToken = "T0KEN-e2e-8d2f";

    private readonly TempWorkspace _workspace = TempWorkspace.ForRuns("secrets_dir = \"secrets.toml\"");

    public void Dispose() => _workspace.Dispose();

    private void Dag(string name, string script, string notify)
    {
        _workspace.Write($"projects/{name}/pit.toml", $"""
            [dag]

            [dag.notify]
            {notify}

            [[tasks]]
            name = "extract"
            script = "tasks/extract.sh"

            [[tasks]]
            name = "load"
            script = "tasks/load.sh"
            depends_on = ["extract"]
            """);
        _workspace.Write($"projects/{name}/tasks/extract.sh", script);
        _workspace.Write($"projects/{name}/tasks/load.sh", "echo loaded\n");
    }

    private void Secrets(int smtpPort, int hookPort) =>
        _workspace.Write("secrets.toml", $$"""
            [global]
            smtp = { host = "127.0.0.1", port = {{smtpPort}}, username = "pit", password = "{{SmtpPassword}}", from = "Pit <pit@example.com>", tls = "none" }

            [etl]
            ops_hook = "http://127.0.0.1:{{hookPort}}/hooks/{{HookToken}}"
            """);

    private static string Trigger(ServedPit pit, string dag)
    {
        var triggered = pit.Post($"/api/dags/{dag}/trigger");
        Assert.True(triggered.Status == HttpStatusCode.Accepted, triggered.ToString());
        return triggered.Json.GetProperty("run_id").GetString()!;
    }

    [Fact]
    public void A_failed_run_is_emailed_and_posted_with_its_failed_task_and_a_success_is_not_when_on_is_failure()
    {
        using var sink = new SmtpSink("pit", SmtpPassword);
        using var hook = new HookListener();
        Secrets(sink.Port, hook.Port);
        Dag("etl", "echo broken >&2\nexit 3\n", "on = [\"failure\"]\nemail = [\"ops@example.com\", \"data@example.com\"]\nwebhook_secret = \"ops_hook\"");
        Dag("fine", "echo ok\n", "on = [\"failure\"]\nemail = [\"ops@example.com\"]");
        using var pit = new ServedPit(_workspace);

        // The success first: the notifier decides runs in the order they finish.
        pit.WaitForRun(Trigger(pit, "fine"), "success");
        var runId = Trigger(pit, "etl");
        pit.WaitForRun(runId, "failed");
        Poll.Until(() => sink.Received().Count > 0 && hook.Bodies.Count > 0, "the email and the webhook of the failed run");

        var mail = Assert.Single(sink.Received());
        Assert.Equal(["ops@example.com", "data@example.com"], mail.Recipients);
        Assert.Equal($"[pit] etl failed: run {runId}", mail.Subject);
        Assert.Contains($"Pit: DAG etl, run {runId} failed (failed: extract).", mail.Body);
        Assert.Contains("Failed tasks: extract\n", mail.Body);
        Assert.Contains($"Run: http://127.0.0.1:{pit.Port}/api/runs/{runId}", mail.Body);

        var (path, body) = Assert.Single(hook.Bodies);
        Assert.Equal($"/hooks/{HookToken}", path);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("etl", json.RootElement.GetProperty("dag").GetString());
        Assert.Equal(runId, json.RootElement.GetProperty("run_id").GetString());
        Assert.Equal("failed", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(["extract"], json.RootElement.GetProperty("failed_tasks").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal($"http://127.0.0.1:{pit.Port}/api/runs/{runId}", json.RootElement.GetProperty("url").GetString());
        Assert.Contains(runId, json.RootElement.GetProperty("text").GetString());

        var output = pit.Process.StdoutSoFar + pit.Process.StderrSoFar;
        Assert.DoesNotContain(SmtpPassword, output);
        Assert.DoesNotContain(HookToken, output);
    }

    [Fact]
    public void A_notification_that_cannot_go_out_is_logged_and_leaves_the_run_as_it_was()
    {
        // Nothing listens on either port.
        Secrets(FreePorts.Next(), FreePorts.Next());
        Dag("etl", "echo ok\n", "on = [\"success\"]\nemail = [\"ops@example.com\"]\nwebhook_secret = \"ops_hook\"");
        using var pit = new ServedPit(_workspace);

        var runId = Trigger(pit, "etl");
        pit.WaitForRun(runId, "success");

        Poll.Until(() => pit.Process.StdoutSoFar.Contains(
                $"Notifier: run {runId} of etl: the email to 1 recipient failed (attempt 1 of 4), trying again in 10s: email through secret 'smtp' failed to connect: ConnectionRefused",
                StringComparison.Ordinal),
            $"the failed email to be logged (output so far: {pit.Process.StdoutSoFar})");
        Poll.Until(() => pit.Process.StdoutSoFar.Contains(
                $"Notifier: run {runId} of etl: the webhook failed (attempt 1 of 4), trying again in 10s: webhook POST failed: could not connect",
                StringComparison.Ordinal),
            "the failed webhook to be logged");

        var run = pit.Get($"/api/runs/{runId}").Json;
        Assert.Equal("success", run.GetProperty("state").GetString());
        Assert.All(run.GetProperty("tasks").EnumerateArray(), task => Assert.Equal("success", task.GetProperty("state").GetString()));
        var output = pit.Process.StdoutSoFar + pit.Process.StderrSoFar;
        Assert.DoesNotContain(SmtpPassword, output);
        Assert.DoesNotContain(HookToken, output);
    }

    /// <summary>A webhook receiver on 127.0.0.1: records each POST's path and body and answers 200.</summary>
    private sealed class HookListener : IDisposable
    {
        private readonly HttpListener _listener = new();

        public HookListener()
        {
            Port = FreePorts.Next();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public int Port { get; }

        public ConcurrentQueue<(string Path, string Body)> Bodies { get; } = new();

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
                using (var reader = new StreamReader(context.Request.InputStream))
                    Bodies.Enqueue((context.Request.Url!.AbsolutePath, await reader.ReadToEndAsync()));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }
    }
}
