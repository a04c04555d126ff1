using System.Globalization;
using Pit.Core.Secrets;

namespace Pit.Connectors.Notifications;

/// <summary>How the connection to the SMTP server is secured.</summary>
public enum SmtpTls
{
    /// <summary>Plain SMTP: no TLS, even when the server offers it.</summary>
    None,

    /// <summary>Plain connect, then <c>STARTTLS</c> (required): the usual form on port 587.</summary>
    StartTls,

    /// <summary>TLS from the first byte (SMTPS): the usual form on port 465.</summary>
    Ssl,
}

/// <summary>
/// The SMTP server and credentials of the structured secret <c>smtp</c>: <c>host</c> and <c>from</c>
/// (required), <c>port</c> (default 587), <c>username</c> and <c>password</c> (both or neither),
/// <c>tls</c> = <c>"none"</c> | <c>"starttls"</c> | <c>"ssl"</c> (default <c>ssl</c> on port 465,
/// <c>starttls</c> on 587, <c>none</c> otherwise). Its <see cref="ToString"/> shows no value.
/// </summary>
public sealed record SmtpSettings(string Host, int Port, string? Username, string? Password, string From, SmtpTls Tls)
{
    /// <summary>The name of the structured secret the email notifications read.</summary>
    public const string SecretKey = "smtp";

    public const int DefaultPort = 587;

    private static readonly string[] Fields = ["host", "port", "username", "password", "from", "tls"];

    /// <exception cref="NotificationException">The secret is not a table, or a field is missing or wrong (named, never quoted).</exception>
    public static SmtpSettings Read(Secret secret)
    {
        if (secret is not Secret.Structured structured)
            throw Problem(secret, $"must be a table with {string.Join(", ", Fields)} (e.g. [global.smtp]), not a plain value");
        var fields = structured.Fields;
        foreach (var name in fields.Keys.Where(name => !Fields.Contains(name)))
            throw Problem(secret, $"has an unknown field '{name}' (known: {string.Join(", ", Fields)})");

        var host = Text(secret, fields, "host") ?? throw Problem(secret, "needs the field 'host' (the SMTP server's name or address)");
        var from = Text(secret, fields, "from") ?? throw Problem(secret, "needs the field 'from' (the sender's address)");
        if (!from.Contains('@')) throw Problem(secret, "field 'from' is not an email address");
        var port = PortOf(secret, fields);
        var username = Text(secret, fields, "username");
        var password = Text(secret, fields, "password");
        if ((username is null) != (password is null))
            throw Problem(secret, "needs 'username' and 'password' together (or neither, for a server without login)");
        var tls = fields.ContainsKey("tls") ? TlsOf(secret, Text(secret, fields, "tls") ?? "") : DefaultTls(port);
        return new SmtpSettings(host, port, username, password, from, tls);
    }

    /// <summary><c>ssl</c> on 465, <c>starttls</c> on 587, <c>none</c> on any other port.</summary>
    public static SmtpTls DefaultTls(int port) => port switch
    {
        465 => SmtpTls.Ssl,
        587 => SmtpTls.StartTls,
        _ => SmtpTls.None,
    };

    public override string ToString() => $"SMTP server (port {Port}, tls {Tls}, {(Username is null ? "no login" : "with login")})";

    private static string? Text(Secret secret, IReadOnlyDictionary<string, object> fields, string name)
    {
        if (!fields.TryGetValue(name, out var value)) return null;
        if (value is not string text) throw Problem(secret, $"field '{name}' must be a string");
        return text.Trim().Length == 0 ? throw Problem(secret, $"field '{name}' must not be empty") : text;
    }

    private static int PortOf(Secret secret, IReadOnlyDictionary<string, object> fields)
    {
        if (!fields.TryGetValue("port", out var value)) return DefaultPort;
        long? port = value switch
        {
            long number => number,
            string text when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
        return port is >= 1 and <= 65535 ? (int)port.Value : throw Problem(secret, "field 'port' must be a number from 1 to 65535");
    }

    private static SmtpTls TlsOf(Secret secret, string text) => text.Trim().ToLowerInvariant() switch
    {
        "none" => SmtpTls.None,
        "starttls" => SmtpTls.StartTls,
        "ssl" => SmtpTls.Ssl,
        _ => throw Problem(secret, "field 'tls' must be \"none\", \"starttls\" or \"ssl\""),
    };

    private static NotificationException Problem(Secret secret, string what) =>
        new($"secret '{secret.Key}' ([{secret.Scope}], line {secret.Line}) {what}");
}
