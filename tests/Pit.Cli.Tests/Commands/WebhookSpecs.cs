using System.Net;
using Pit.Cli.Tests.Support;

namespace Pit.Cli.Tests.Commands;

/// <summary>
/// <c>POST /webhook/{dag}</c> on the real <c>pit serve</c>: the token is the DAG's
/// <c>[dag.webhook] token_secret</c> from the secrets file; every refusal looks the same; a client
/// that keeps failing is held off.
/// </summary>
public sealed class WebhookSpecs : IDisposable
{
    private const string HookToken = "hook-token-9f8e7d6c5b4a3210";

    private const string ApiToken = "api-token-0123456789abcdef";

    private readonly TempWorkspace _workspace = TempWorkspace.ForRuns($"secrets_dir = \"secrets.toml\"\napi_token = \"{ApiToken}\"");

    public WebhookSpecs()
    {
        Dag("etl", "echo \"region=$PIT_PARAM_REGION\"\n", "[dag.webhook]\ntoken_secret = \"etl_hook\"");
        Dag("plain", "echo ok\n");
        Dag("unset", "echo ok\n", "[dag.webhook]\ntoken_secret = \"not_in_the_file\"");
        // The same token under another project's section: plain and unset must not see it.
        _workspace.Write("secrets.toml", $"""
            [global]
            unrelated = "x"

            [etl]
            etl_hook = "{HookToken}"

            [plain]
            etl_hook = "{HookToken}"
            """);
    }

    public void Dispose() => _workspace.Dispose();

    private void Dag(string name, string script, string dagLines = "") => _workspace.OneTaskDag(name, script, dagLines);

    [Fact]
    public void The_right_token_starts_a_run_with_the_body_as_parameters_without_the_api_token()
    {
        using var pit = new ServedPit(_workspace);

        var triggered = pit.Post("/webhook/etl", """{"region": "eu-west"}""", token: HookToken);

        Assert.True(triggered.Status == HttpStatusCode.Accepted, triggered.ToString());
        Assert.Equal("etl", triggered.Json.GetProperty("dag").GetString());
        var runId = triggered.Json.GetProperty("run_id").GetString()!;
        var run = pit.WaitForRun(runId, "success");
        Assert.Equal("webhook", run.GetProperty("trigger").GetString());
        Assert.Contains("region=eu-west", _workspace.ReadLog(runId, "work"));

        // No body is no parameters; a body that is not an object of strings is the client's mistake.
        var bare = pit.Post("/webhook/etl", token: HookToken);
        Assert.True(bare.Status == HttpStatusCode.Accepted, bare.ToString());
        pit.WaitForRun(bare.Json.GetProperty("run_id").GetString()!, "success");
        var bad = pit.Post("/webhook/etl", """{"region": 1}""", token: HookToken);
        Assert.True(bad.Status == HttpStatusCode.BadRequest, bad.ToString());

        // The two tokens guard different doors.
        Assert.Equal(HttpStatusCode.Unauthorized, pit.Post("/api/dags/etl/trigger", token: HookToken).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, pit.Post("/webhook/etl", token: ApiToken).Status);

        Assert.DoesNotContain(HookToken, pit.Process.StdoutSoFar + pit.Process.StderrSoFar);
    }

    [Fact]
    public void Every_refusal_is_the_same_401_whether_or_not_the_dag_exists()
    {
        using var pit = new ServedPit(_workspace);

        var refusals = new Dictionary<string, ApiReply>
        {
            ["wrong token"] = pit.Post("/webhook/etl", token: HookToken + "x"),
            ["no header"] = pit.Post("/webhook/etl"),
            ["unknown DAG"] = pit.Post("/webhook/nope", token: HookToken),
            ["DAG without [dag.webhook]"] = pit.Post("/webhook/plain", token: HookToken),
            ["token secret missing"] = pit.Post("/webhook/unset", token: HookToken),
        };

        foreach (var (why, reply) in refusals)
        {
            Assert.True(reply.Status == HttpStatusCode.Unauthorized, $"{why}: {reply}");
            Assert.Equal("""{"error":{"code":"unauthorized","message":"missing or invalid webhook token"}}""", reply.Text);
            Assert.DoesNotContain(HookToken, reply.Text);
        }
        Assert.Empty(pit.Get("/api/runs").Json.GetProperty("runs").EnumerateArray());
        // Five failures stay under the limit: the right token still passes.
        Assert.Equal(HttpStatusCode.Accepted, pit.Post("/webhook/etl", token: HookToken).Status);
        Assert.DoesNotContain(HookToken, pit.Process.StdoutSoFar + pit.Process.StderrSoFar);
    }

    /// <summary>
    /// Chosen: once held off, a client gets 429 even with the right token until the window passes,
    /// so that a guesser cannot learn from the answer whether a guess was right.
    /// </summary>
    [Fact]
    public void After_ten_failures_the_client_gets_429_even_with_the_right_token()
    {
        using var pit = new ServedPit(_workspace);

        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var refused = pit.Post("/webhook/etl", token: $"guess-{attempt}");
            Assert.True(refused.Status == HttpStatusCode.Unauthorized, $"attempt {attempt}: {refused}");
        }

        var eleventh = pit.Post("/webhook/etl", token: "guess-11");
        Assert.True(eleventh.Status == HttpStatusCode.TooManyRequests, eleventh.ToString());
        Assert.Equal("too_many_attempts", eleventh.ErrorCode);
        var right = pit.Post("/webhook/etl", token: HookToken);
        Assert.True(right.Status == HttpStatusCode.TooManyRequests, right.ToString());
        Assert.Equal("too_many_attempts", right.ErrorCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, pit.Post("/webhook/nope").Status);

        Assert.Empty(pit.Get("/api/runs").Json.GetProperty("runs").EnumerateArray());
        // The API is not held off: only the webhook counts failures.
        Assert.Equal(HttpStatusCode.Accepted, pit.Post("/api/dags/plain/trigger", token: ApiToken).Status);
    }
}
