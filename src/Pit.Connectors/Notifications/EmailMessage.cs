using MimeKit;

namespace Pit.Connectors.Notifications;

/// <summary>The email of a run notice: plain text, subject <c>[pit] etl failed: run …</c>, from the <c>smtp</c> secret's sender.</summary>
public static class EmailMessage
{
    /// <exception cref="NotificationException">An address does not parse (the recipient is named; the sender comes from the secret and is not).</exception>
    public static MimeMessage Build(string from, IReadOnlyList<string> to, RunNotice notice)
    {
        var message = new MimeMessage();
        if (!MailboxAddress.TryParse(from, out var sender))
            throw new NotificationException($"secret '{SmtpSettings.SecretKey}': field 'from' is not an email address");
        message.From.Add(sender);
        foreach (var address in to)
        {
            if (!MailboxAddress.TryParse(address, out var recipient))
                throw new NotificationException($"[dag.notify] email: '{address}' is not an email address");
            message.To.Add(recipient);
        }
        message.Subject = Subject(notice);
        message.Body = new TextPart("plain") { Text = notice.Text + "\n" };
        return message;
    }

    public static string Subject(RunNotice notice) => $"[pit] {notice.Dag} {notice.State}: run {notice.RunId}";
}
