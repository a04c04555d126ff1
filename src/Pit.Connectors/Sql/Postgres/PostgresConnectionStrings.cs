using Npgsql;

namespace Pit.Connectors.Sql.Postgres;

/// <summary>
/// Npgsql connection strings from URL parts. The usual libpq options of a <c>postgres://</c> URL
/// (<c>sslmode</c>, <c>application_name</c>, <c>connect_timeout</c>, …) map to Npgsql's keywords;
/// any other option must be an Npgsql keyword.
/// </summary>
internal static class PostgresConnectionStrings
{
    private static readonly Dictionary<string, string> LibpqKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["options"] = "Options",
        ["target_session_attrs"] = "Target Session Attributes",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password",
        ["dbname"] = "Database",
        ["user"] = "Username",
    };

    public static string Build(ConnectionParts parts)
    {
        var builder = new NpgsqlConnectionStringBuilder();
        if (parts.Host is { } host) builder.Host = host;
        if (parts.Port is { } port) builder.Port = port;
        if (parts.Database is { } database) builder.Database = database;
        if (parts.User is { } user) builder.Username = user;
        if (parts.Password is { } password) builder.Password = password;
        foreach (var (key, value) in parts.Options)
        {
            var keyword = LibpqKeywords.GetValueOrDefault(key, key);
            try
            {
                builder[keyword] = keyword == "SSL Mode" ? value.Replace("-", "") : value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                throw new SqlConnectorException($"PostgreSQL does not accept the option '{key}' or its value");
            }
        }
        if (string.IsNullOrEmpty(builder.Host)) throw new SqlConnectorException("no host is given");
        return builder.ConnectionString;
    }
}
