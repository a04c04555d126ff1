using Pit.Connectors.Notifications;
using Pit.Core.Secrets;

namespace Pit.Connectors.Tests.Notifications;

public class SmtpSettingsSpecs
{
    private const string Password = "sm7p-Pa55word!";

    private static Secret.Structured Smtp(params (string Key, object Value)[] fields) =>
        new() { Scope = "global", Key = "smtp", Line = 4, Fields = fields.ToDictionary(f => f.Key, f => f.Value) };

    private static SmtpSettings Read(params (string Key, object Value)[] fields) => SmtpSettings.Read(Smtp(fields));

    [Fact]
    public void Reads_every_field_of_the_smtp_secret()
    {
        var settings = Read(("host", "mail.example"), ("port", 2525L), ("username", "pit"), ("password", Password), ("from", "pit@example.com"), ("tls", "starttls"));

        Assert.Equal(new SmtpSettings("mail.example", 2525, "pit", Password, "pit@example.com", SmtpTls.StartTls), settings);
        Assert.DoesNotContain(Password, settings.ToString());
        Assert.DoesNotContain("mail.example", settings.ToString());
    }

    [Theory]
    [InlineData(465L, SmtpTls.Ssl)]
    [InlineData(587L, SmtpTls.StartTls)]
    [InlineData(25L, SmtpTls.None)]
    [InlineData(2525L, SmtpTls.None)]
    public void Without_tls_the_port_decides(long port, SmtpTls expected) =>
        Assert.Equal(expected, Read(("host", "h"), ("port", port), ("from", "a@b")).Tls);

    [Fact]
    public void Without_a_port_it_is_587_with_starttls_and_without_credentials_no_login()
    {
        var settings = Read(("host", "h"), ("from", "a@b"));

        Assert.Equal((587, SmtpTls.StartTls, null, null), (settings.Port, settings.Tls, settings.Username, settings.Password));
    }

    [Fact]
    public void A_port_written_as_text_is_read_and_tls_is_case_insensitive()
    {
        var settings = Read(("host", "h"), ("port", "465"), ("from", "a@b"), ("tls", "NONE"));

        Assert.Equal((465, SmtpTls.None), (settings.Port, settings.Tls));
    }

    [Theory]
    [InlineData("needs the field 'host'", "from", "a@b")]
    [InlineData("needs the field 'from'", "host", "h")]
    public void A_missing_required_field_is_named(string expected, string key, string value)
    {
        var error = Assert.Throws<NotificationException>(() => Read((key, value)));

        Assert.Contains("secret 'smtp' ([global], line 4)", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Bad_fields_are_named_and_never_quoted()
    {
        (string Key, object Value)[] valid = [("host", "h"), ("from", "a@b")];
        var cases = new (string Expected, (string Key, object Value)[] Fields)[]
        {
            ("field 'port' must be a number from 1 to 65535", [.. valid, ("port", 70000L)]),
            ("field 'port' must be a number from 1 to 65535", [.. valid, ("port", Password)]),
            ("field 'tls' must be \"none\", \"starttls\" or \"ssl\"", [.. valid, ("tls", Password)]),
            ("needs 'username' and 'password' together", [.. valid, ("password", Password)]),
            ("field 'password' must be a string", [.. valid, ("username", "u"), ("password", 12345678L)]),
            ("field 'from' is not an email address", [("host", "h"), ("from", Password)]),
            ("unknown field 'pasword'", [.. valid, ("pasword", Password)]),
        };
        foreach (var (expected, fields) in cases)
        {
            var error = Assert.Throws<NotificationException>(() => Read(fields));
            Assert.Contains(expected, error.Message);
            Assert.DoesNotContain(Password, error.Message);
            Assert.DoesNotContain("12345678", error.Message);
        }
    }

    [Fact]
    public void A_plain_secret_is_refused_without_its_value()
    {
        var error = Assert.Throws<NotificationException>(() =>
            SmtpSettings.Read(new Secret.Plain { Scope = "etl", Key = "smtp", Line = 2, Value = Password }));

        Assert.Contains("secret 'smtp' ([etl], line 2) must be a table", error.Message);
        Assert.DoesNotContain(Password, error.Message);
    }
}
