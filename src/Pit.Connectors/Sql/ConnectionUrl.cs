namespace Pit.Connectors.Sql;

/// <summary>
/// Reads <c>scheme://[user[:password]@]host[:port][/database][?key=value&amp;…]</c> into
/// <see cref="ConnectionParts"/>. User, password and values are percent-decoded; the password may
/// hold <c>@</c> (the last one ends it). Errors name the connection and the part, never the text.
/// </summary>
public static class ConnectionUrl
{
    public static ConnectionParts Parse(string connectionName, string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        if (start < 0) throw Invalid(connectionName, "it has no scheme://");
        var rest = url[(start + 3)..];

        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var question = rest.IndexOf('?');
        if (question >= 0)
        {
            foreach (var pair in rest[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                if (eq <= 0) throw Invalid(connectionName, "an option after '?' is not key=value");
                options[Uri.UnescapeDataString(pair[..eq])] = Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
            rest = rest[..question];
        }

        string? user = null, password = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            rest = rest[(at + 1)..];
            var colon = userInfo.IndexOf(':');
            user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
            password = colon < 0 ? null : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        }

        string? database = null;
        var slash = rest.IndexOf('/');
        if (slash >= 0)
        {
            database = Uri.UnescapeDataString(rest[(slash + 1)..]);
            rest = rest[..slash];
        }

        var (host, port) = HostAndPort(connectionName, rest);
        return new ConnectionParts
        {
            Host = host,
            Port = port,
            Database = string.IsNullOrEmpty(database) ? null : database,
            User = string.IsNullOrEmpty(user) ? null : user,
            Password = password,
            Options = options,
        };
    }

    private static (string? Host, int? Port) HostAndPort(string connectionName, string text)
    {
        if (text.Length == 0) return (null, null);
        // [::1]:5432 — an IPv6 address keeps its colons inside the brackets.
        var close = text.StartsWith('[') ? text.IndexOf(']') : -1;
        var colon = text.LastIndexOf(':');
        if (colon < 0 || colon < close) return (Unbracket(text), null);
        if (!int.TryParse(text[(colon + 1)..], out var port) || port is <= 0 or > 65535)
            throw Invalid(connectionName, "the port is not a number from 1 to 65535");
        return (Unbracket(text[..colon]), port);
    }

    private static string Unbracket(string host) =>
        host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;

    private static SqlConnectorException Invalid(string connectionName, string why) =>
        new($"connection '{connectionName}': the URL cannot be read: {why} (the URL is not shown: it may hold a password)");
}
