using Pit.Connectors.Notifications;

namespace Pit.Engine.Notifications;

/// <summary>How notifications leave Pit: email through SMTP and webhook POSTs.</summary>
public sealed record NotificationChannels(IEmailSender Email, IWebhookSender Webhook)
{
    /// <summary>MailKit and a shared HttpClient.</summary>
    public static NotificationChannels Real() => new(new SmtpEmailSender(), new WebhookPoster());
}
