using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Pit.Connectors.Notifications;

/// <summary>
/// Sends a run notice through MailKit: connect (TLS as <see cref="SmtpSettings.Tls"/> says), log in
/// when the secret has a username, send, disconnect. A failure becomes a <see cref="NotificationException"/>
/// saying what went wrong without the server's name, the username or the password.
/// </summary>
public sealed class SmtpEmailSender(TimeSpan timeout) : IEmailSender
{
    public SmtpEmailSender() : this(TimeSpan.FromSeconds(30))
    {
    }

    public async Task SendAsync(SmtpSettings smtp, IReadOnlyList<string> to, RunNotice notice, CancellationToken cancel)
    {
        var message = EmailMessage.Build(smtp.From, to, notice);
        using var client = new SmtpClient { Timeout = (int)timeout.TotalMilliseconds };
        var step = "connect";
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, SocketOptions(smtp.Tls), cancel).ConfigureAwait(false);
            if (smtp.Username is { } username)
            {
                step = "log in";
                await client.AuthenticateAsync(username, smtp.Password ?? "", cancel).ConfigureAwait(false);
            }
            step = "send";
            await client.SendAsync(message, cancel).ConfigureAwait(false);
            step = "disconnect";
            await client.DisconnectAsync(quit: true, cancel).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or IOException or MailKit.Security.AuthenticationException
                                       or SslHandshakeException or SmtpCommandException or SmtpProtocolException
                                       or ServiceNotConnectedException or ServiceNotAuthenticatedException
                                       or NotSupportedException or TimeoutException)
        {
            // A failure after the message went out is no reason to send it again.
            if (step == "disconnect") return;
            throw new NotificationException($"email through secret '{SmtpSettings.SecretKey}' failed to {step}: {Describe(ex)}", ex);
        }
    }

    private static SecureSocketOptions SocketOptions(SmtpTls tls) => tls switch
    {
        SmtpTls.Ssl => SecureSocketOptions.SslOnConnect,
        SmtpTls.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.None,
    };

    /// <summary>What went wrong, in words that carry no address or credential.</summary>
    private static string Describe(Exception ex) => ex switch
    {
        SocketException socket => $"{socket.SocketErrorCode} ({socket.Message})",
        SmtpCommandException command => $"the server answered {(int)command.StatusCode} {command.StatusCode}",
        MailKit.Security.AuthenticationException => "the server refused the username and password",
        SmtpProtocolException => "the server did not speak SMTP as expected",
        SslHandshakeException => "the TLS handshake failed (check tls and port in the secret)",
        NotSupportedException => "the server does not support what the secret asks for (STARTTLS or login)",
        TimeoutException or IOException { InnerException: TimeoutException } => "the server did not answer in time",
        IOException => "the connection broke",
        _ => ex.GetType().Name,
    };
}
