using Pit.Connectors.Notifications;
using Pit.Tests.Support;

namespace Pit.Connectors.Tests.Notifications;

/// <summary>MailKit against a real SMTP server on 127.0.0.1 (aiosmtpd) that requires a login.</summary>
public sealed class SmtpEmailSenderSpecs : IDisposable
{
    private const string Password = "sink-Pa55word-42";

    private static readonly RunNotice Notice = new("claims", "20250301T020000Z_claims", "failed", "failed: extract", ["extract"],
        "http://127.0.0.1:9090/api/runs/20250301T020000Z_claims");

    private readonly SmtpSink _sink = new("pit", Password);
    private readonly SmtpEmailSender _sender = new();

    public void Dispose() => _sink.Dispose();

    private SmtpSettings Smtp(string password = Password) => new("127.0.0.1", _sink.Port, "pit", password, "Pit <pit@example.com>", SmtpTls.None);

    [Fact]
    public async Task Logs_in_and_sends_the_notice_to_every_recipient()
    {
        await _sender.SendAsync(Smtp(), ["ops@example.com", "data@example.com"], Notice, CancellationToken.None);

        var mail = Assert.Single(_sink.Received());
        Assert.Equal("pit@example.com", mail.MailFrom);
        Assert.Equal(["ops@example.com", "data@example.com"], mail.Recipients);
        Assert.Equal("[pit] claims failed: run 20250301T020000Z_claims", mail.Subject);
        Assert.Contains("Failed tasks: extract", mail.Body);
        Assert.Contains("Run: http://127.0.0.1:9090/api/runs/20250301T020000Z_claims", mail.Body);
    }

    [Fact]
    public async Task A_refused_login_says_so_without_the_credentials()
    {
        const string wrong = "not-the-Pa55word";

        var error = await Assert.ThrowsAsync<NotificationException>(() => _sender.SendAsync(Smtp(wrong), ["ops@example.com"], Notice, CancellationToken.None));

        Assert.Equal("email through secret 'smtp' failed to log in: the server refused the username and password", error.Message);
        Assert.Empty(_sink.Received());
    }

    [Fact]
    public async Task Nothing_listening_fails_to_connect_without_naming_the_server()
    {
        var nowhere = new SmtpSettings("127.0.0.1", FreePorts.Next(), null, null, "pit@example.com", SmtpTls.None);

        var error = await Assert.ThrowsAsync<NotificationException>(() => _sender.SendAsync(nowhere, ["ops@example.com"], Notice, CancellationToken.None));

        Assert.StartsWith("email through secret 'smtp' failed to connect: ConnectionRefused", error.Message);
        Assert.DoesNotContain("127.0.0.1", error.Message);
    }

    [Fact]
    public async Task Starttls_against_a_server_without_it_fails_without_sending()
    {
        var error = await Assert.ThrowsAsync<NotificationException>(() =>
            _sender.SendAsync(Smtp() with { Tls = SmtpTls.StartTls }, ["ops@example.com"], Notice, CancellationToken.None));

        Assert.StartsWith("email through secret 'smtp' failed to connect:", error.Message);
        Assert.Empty(_sink.Received());
    }
}
