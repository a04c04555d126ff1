using System.Data.Common;
using Pit.Core.Secrets;

namespace Pit.Connectors.Sql;

/// <summary>
/// Turns a connection secret into a <see cref="SqlTarget"/>. A plain value may be a URL
/// (<c>postgres://</c>, <c>postgresql://</c>, <c>sqlserver://</c>, <c>mssql://</c>, <c>sqlite://path</c>),
/// an ADO.NET connection string (<c>Host=</c> is PostgreSQL, <c>Server=</c> SQL Server,
/// <c>Data Source=</c> SQLite unless SQL Server keywords such as <c>Initial Catalog</c> come with it)
/// or the path of a <c>.db</c>, <c>.sqlite</c> or <c>.sqlite3</c> file. A structured secret names its
/// <c>driver</c> and gives <c>host</c>, <c>port</c>, <c>database</c>, <c>user</c>/<c>username</c>,
/// <c>password</c> (<c>path</c> for SQLite); its other fields are passed to the provider as they are.
/// Relative SQLite paths are resolved from the workspace root. No message quotes the secret.
/// </summary>
public static class SqlTargets
{
    private const string Accepted =
        "accepted forms: a URL (postgres://user:password@host:5432/db, sqlserver://… or mssql://…, sqlite://path/to.db), " +
        "an ADO.NET connection string (Host=… for PostgreSQL, Server=… for SQL Server, Data Source=… for SQLite), " +
        "a path ending .db, .sqlite or .sqlite3, or a structured secret with driver = \"sqlite\", \"postgres\" or \"sqlserver\" " +
        "and host, port, database, user, password (path for sqlite)";

    private static readonly string[] SqlServerOnlyKeys =
        ["Initial Catalog", "Integrated Security", "Trusted_Connection", "User ID", "UID", "TrustServerCertificate", "Encrypt", "MultipleActiveResultSets"];

    public static SqlTarget Resolve(string connectionName, Secret secret, string workspaceRoot) => secret switch
    {
        Secret.Plain plain => FromText(connectionName, plain.Value.Trim(), workspaceRoot),
        Secret.Structured structured => FromFields(connectionName, structured.Fields, workspaceRoot),
        _ => throw Unrecognised(connectionName, "the secret is neither a value nor a table"),
    };

    private static SqlTarget FromText(string name, string text, string workspaceRoot)
    {
        if (HasScheme(text, "postgres", "postgresql")) return FromParts(name, SqlProvider.Postgres, ConnectionUrl.Parse(name, text), workspaceRoot);
        if (HasScheme(text, "sqlserver", "mssql")) return FromParts(name, SqlProvider.SqlServer, ConnectionUrl.Parse(name, text), workspaceRoot);
        if (HasScheme(text, "sqlite")) return FromParts(name, SqlProvider.Sqlite, SqliteUrl(text), workspaceRoot);
        if (text.Contains("://", StringComparison.Ordinal))
            throw Unrecognised(name, "its URL scheme is not one Pit knows");

        if (text.Contains('=') && ConnectionStringKeys(text) is { } builder)
        {
            if (builder.ContainsKey("Host")) return FromConnectionString(name, SqlProvider.Postgres, text);
            if (builder.ContainsKey("Server")) return FromConnectionString(name, SqlProvider.SqlServer, text);
            if (builder.ContainsKey("Data Source"))
            {
                if (SqlServerOnlyKeys.Any(builder.ContainsKey)) return FromConnectionString(name, SqlProvider.SqlServer, text);
                var options = builder.Keys.Cast<string>()
                    .Where(k => !k.Equals("Data Source", StringComparison.OrdinalIgnoreCase))
                    .ToDictionary(k => k, k => SecretText.Of(builder[k]), StringComparer.OrdinalIgnoreCase);
                return FromParts(name, SqlProvider.Sqlite, new ConnectionParts { Path = SecretText.Of(builder["Data Source"]), Options = options }, workspaceRoot);
            }
            throw Unrecognised(name, "it reads as a connection string but has none of Host=, Server= or Data Source=");
        }

        if (IsSqliteFile(text)) return FromParts(name, SqlProvider.Sqlite, new ConnectionParts { Path = text }, workspaceRoot);
        throw Unrecognised(name, "it is not a form Pit recognises");
    }

    private static SqlTarget FromFields(string name, IReadOnlyDictionary<string, object> fields, string workspaceRoot)
    {
        string? Text(params string[] keys) =>
            keys.Select(k => fields.TryGetValue(k, out var v) ? SecretText.Of(v) : null).FirstOrDefault(v => v is not null);

        var driver = Text("driver")?.Trim().ToLowerInvariant();
        var provider = driver switch
        {
            "sqlite" or "sqlite3" => SqlProvider.Sqlite,
            "postgres" or "postgresql" or "pg" => SqlProvider.Postgres,
            "sqlserver" or "mssql" => SqlProvider.SqlServer,
            null => throw Unrecognised(name, "the structured secret has no 'driver' field"),
            _ => throw Unrecognised(name, "its 'driver' field is not sqlite, postgres, postgresql, sqlserver or mssql"),
        };

        int? port = null;
        if (Text("port") is { } portText)
        {
            if (!int.TryParse(portText, out var p) || p is <= 0 or > 65535)
                throw new SqlConnectorException($"connection '{name}': field 'port' is not a number from 1 to 65535");
            port = p;
        }
        string[] known = ["driver", "host", "server", "port", "database", "dbname", "user", "username", "password", "path"];
        var parts = new ConnectionParts
        {
            Host = Text("host", "server"),
            Port = port,
            Database = Text("database", "dbname"),
            User = Text("user", "username"),
            Password = Text("password"),
            Path = Text("path", "database"),
            Options = fields.Where(f => !known.Contains(f.Key, StringComparer.OrdinalIgnoreCase))
                .ToDictionary(f => f.Key, f => SecretText.Of(f.Value), StringComparer.OrdinalIgnoreCase),
        };
        if (provider == SqlProvider.Sqlite && parts.Path is null)
            throw new SqlConnectorException($"connection '{name}': a sqlite connection needs a 'path' field");
        return FromParts(name, provider, parts, workspaceRoot);
    }

    private static SqlTarget FromParts(string name, SqlProvider provider, ConnectionParts parts, string workspaceRoot)
    {
        var dialect = SqlDialects.For(provider);
        string connectionString;
        try
        {
            connectionString = dialect.BuildConnectionString(parts, workspaceRoot);
        }
        catch (SqlConnectorException e)
        {
            throw new SqlConnectorException($"connection '{name}' ({dialect.Name}): {e.Message}");
        }
        return new SqlTarget(name, dialect, connectionString, parts.Password is { } password ? [password] : []);
    }

    private static SqlTarget FromConnectionString(string name, SqlProvider provider, string connectionString)
    {
        var dialect = SqlDialects.For(provider);
        try
        {
            using var _ = dialect.CreateConnection(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            // The provider's message may quote the string: say only what kind of string it was.
            throw new SqlConnectorException(
                $"connection '{name}': it reads as a {dialect.Name} connection string, but {dialect.Name} does not accept one of its keywords or values (the string is not shown: it may hold a password)");
        }
        return new SqlTarget(name, dialect, connectionString);
    }

    private static ConnectionParts SqliteUrl(string url)
    {
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var question = rest.IndexOf('?');
        if (question >= 0)
        {
            foreach (var pair in rest[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                if (eq > 0) options[Uri.UnescapeDataString(pair[..eq])] = Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
            rest = rest[..question];
        }
        return new ConnectionParts { Path = Uri.UnescapeDataString(rest), Options = options };
    }

    private static DbConnectionStringBuilder? ConnectionStringKeys(string text)
    {
        try
        {
            return new DbConnectionStringBuilder { ConnectionString = text };
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static bool HasScheme(string text, params string[] schemes) =>
        schemes.Any(s => text.StartsWith(s + "://", StringComparison.OrdinalIgnoreCase));

    private static bool IsSqliteFile(string text) =>
        text.EndsWith(".db", StringComparison.OrdinalIgnoreCase)
        || text.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase)
        || text.EndsWith(".sqlite3", StringComparison.OrdinalIgnoreCase);

    private static SqlConnectorException Unrecognised(string name, string why) =>
        new($"connection '{name}': the secret is not a connection Pit recognises ({why}; the value is not shown); {Accepted}");
}
