using System.Net.Http.Headers;
using System.Text;

namespace Pit.Connectors.Notifications;

/// <summary>
/// Posts a run notice's <see cref="WebhookPayload"/> as JSON. Anything but a 2xx answer is a
/// failure. The URL usually is the secret (Slack's and Teams' carry their token in it), so no
/// message ever shows it.
/// </summary>
public sealed class WebhookPoster(HttpClient http) : IWebhookSender
{
    private static readonly HttpClient Shared = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>On a client shared by every poster (30 s timeout).</summary>
    public WebhookPoster() : this(Shared)
    {
    }

    public async Task PostAsync(Uri url, RunNotice notice, CancellationToken cancel)
    {
        using var content = new StringContent(WebhookPayload.Of(notice).ToJson(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(url, content, cancel).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new NotificationException($"webhook POST failed: {Describe(ex)}", ex);
        }
        catch (TaskCanceledException ex) when (!cancel.IsCancellationRequested)
        {
            throw new NotificationException("webhook POST failed: no answer in time", ex);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new NotificationException($"webhook POST answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
    }

    /// <summary>The kind of failure, without the exception's message (it may name the host).</summary>
    private static string Describe(HttpRequestException ex) => ex.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "the host name did not resolve",
        HttpRequestError.ConnectionError => "could not connect",
        HttpRequestError.SecureConnectionError => "the TLS handshake failed",
        _ => $"{ex.HttpRequestError}",
    };
}
