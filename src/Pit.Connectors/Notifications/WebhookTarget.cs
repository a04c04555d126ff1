using Pit.Core.Secrets;

namespace Pit.Connectors.Notifications;

/// <summary>The URL a notification webhook posts to: the plain value of the secret named by <c>[dag.notify] webhook_secret</c>.</summary>
public static class WebhookTarget
{
    /// <exception cref="NotificationException">The secret is not a plain http(s) URL (named, never quoted).</exception>
    public static Uri Read(Secret secret)
    {
        if (secret is not Secret.Plain plain)
            throw new NotificationException($"secret '{secret.Key}' ([{secret.Scope}], line {secret.Line}) must be a plain value holding the webhook URL, not a table");
        if (!Uri.TryCreate(plain.Value.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            throw new NotificationException($"secret '{secret.Key}' ([{secret.Scope}], line {secret.Line}) is not an http:// or https:// URL");
        return url;
    }
}
