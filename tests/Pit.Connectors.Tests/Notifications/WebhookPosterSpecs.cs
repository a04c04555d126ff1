using System.Net;
using System.Text.Json;
using Pit.Connectors.Notifications;
using Pit.Tests.Support;

namespace Pit.Connectors.Tests.Notifications;

/// <summary>The poster against a real HTTP listener on 127.0.0.1.</summary>
public sealed class WebhookPosterSpecs : IDisposable
{
    private const string Token = "T0KEN-in-the-path";

    private static readonly RunNotice Notice = new("claims", "20250301T020000Z_claims", "failed", "failed: extract", ["extract"], null);

    private readonly HttpListener _listener = new();
    private readonly int _port = FreePorts.Next();
    private readonly WebhookPoster _poster = new();

    public WebhookPosterSpecs()
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _listener.Start();
    }

    private Uri Hook => new($"http://127.0.0.1:{_port}/hooks/{Token}");

    public void Dispose() => _listener.Close();

    /// <summary>Answers the next request with <paramref name="status"/>; returns its path, content type and body.</summary>
    private async Task<(string Path, string? ContentType, string Body)> AnswerNext(HttpStatusCode status)
    {
        var context = await _listener.GetContextAsync();
        using var reader = new StreamReader(context.Request.InputStream);
        var body = await reader.ReadToEndAsync();
        context.Response.StatusCode = (int)status;
        context.Response.Close();
        return (context.Request.Url!.AbsolutePath, context.Request.ContentType, body);
    }

    [Fact]
    public async Task Posts_the_payload_as_json_to_the_url()
    {
        var received = AnswerNext(HttpStatusCode.OK);

        await _poster.PostAsync(Hook, Notice, CancellationToken.None);

        var (path, contentType, body) = await received;
        Assert.Equal($"/hooks/{Token}", path);
        Assert.Equal("application/json; charset=utf-8", contentType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("20250301T020000Z_claims", json.RootElement.GetProperty("run_id").GetString());
        Assert.Equal(Notice.Text, json.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task An_answer_other_than_2xx_is_a_failure_that_does_not_show_the_url()
    {
        var received = AnswerNext(HttpStatusCode.InternalServerError);

        var error = await Assert.ThrowsAsync<NotificationException>(() => _poster.PostAsync(Hook, Notice, CancellationToken.None));

        await received;
        Assert.Equal("webhook POST answered 500 Internal Server Error", error.Message);
    }

    [Fact]
    public async Task Nothing_listening_is_a_failure_that_does_not_show_the_url()
    {
        var nowhere = new Uri($"http://127.0.0.1:{FreePorts.Next()}/hooks/{Token}");

        var error = await Assert.ThrowsAsync<NotificationException>(() => _poster.PostAsync(nowhere, Notice, CancellationToken.None));

        Assert.Equal("webhook POST failed: could not connect", error.Message);
    }
}
