namespace Pit.Connectors.Notifications;

/// <summary>Sends a run notice by email through an SMTP server.</summary>
public interface IEmailSender
{
    /// <exception cref="NotificationException">It was not sent; the message names no secret value.</exception>
    Task SendAsync(SmtpSettings smtp, IReadOnlyList<string> to, RunNotice notice, CancellationToken cancel);
}
