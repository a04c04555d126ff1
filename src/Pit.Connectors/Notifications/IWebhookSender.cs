namespace Pit.Connectors.Notifications;

/// <summary>Posts a run notice to a webhook URL.</summary>
public interface IWebhookSender
{
    /// <exception cref="NotificationException">It was not delivered; the message never shows the URL.</exception>
    Task PostAsync(Uri url, RunNotice notice, CancellationToken cancel);
}
