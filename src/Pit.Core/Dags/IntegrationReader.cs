using Pit.Core.Toml;

namespace Pit.Core.Dags;

/// <summary>Reads the <c>[dag.*]</c> integration tables: sql, dbt, ftp_watch, webhook, notify.</summary>
internal static class IntegrationReader
{
    private static readonly string[] SqlKeys = ["connection"];
    private static readonly string[] DbtKeys = ["version", "adapter", "extra_deps", "project_dir", "profile", "target", "threads", "connection"];
    private static readonly string[] FtpKeys =
    [
        "secret", "directory", "pattern", "archive_dir", "poll_interval", "stable_seconds",
        "host", "port", "user", "password_secret", "tls",
    ];
    private static readonly string[] WebhookKeys = ["token_secret"];
    private static readonly string[] NotifyKeys = ["on", "email", "webhook_secret"];

    public static SqlSettings? ReadSql(TomlSection sql)
    {
        sql.RejectUnknownKeys(SqlKeys);
        var connection = Required(sql, "connection", "the secret name of the database connection");
        return connection is null ? null : new SqlSettings(connection);
    }

    public static DbtSettings? ReadDbt(TomlSection dbt, string dagName)
    {
        dbt.RejectUnknownKeys(DbtKeys);
        var version = Required(dbt, "version", "the dbt-core version, e.g. \"1.9.1\"");
        var adapter = Required(dbt, "adapter", "the adapter package, e.g. \"dbt-postgres\"");
        var connection = Required(dbt, "connection", "the structured secret holding the database credentials");
        var settings = new DbtSettings
        {
            Version = version ?? "",
            Adapter = adapter ?? "",
            Connection = connection ?? "",
            ExtraDeps = dbt.StringList("extra_deps") ?? [],
            ProjectDir = dbt.String("project_dir"),
            Profile = dbt.String("profile") ?? dagName,
            Target = dbt.String("target") ?? "prod",
            Threads = dbt.Count("threads", 1),
        };
        return version is null || adapter is null || connection is null ? null : settings;
    }

    public static FtpWatchSettings? ReadFtpWatch(TomlSection ftp)
    {
        ftp.RejectUnknownKeys(FtpKeys);
        var directory = Required(ftp, "directory", "the remote folder to watch, e.g. \"/incoming\"");
        var settings = new FtpWatchSettings
        {
            Secret = ftp.String("secret"),
            Host = ftp.String("host"),
            Port = ftp.Count("port", 1) ?? 21,
            User = ftp.String("user"),
            PasswordSecret = ftp.String("password_secret"),
            Tls = ftp.Bool("tls") ?? false,
            Directory = directory ?? "",
            Pattern = ftp.String("pattern") ?? "*",
            ArchiveDir = ftp.String("archive_dir"),
            PollInterval = ftp.PositiveDuration("poll_interval") ?? TimeSpan.FromSeconds(30),
            StableSeconds = ftp.Count("stable_seconds", 0) ?? 30,
        };
        if (settings.Port > 65535) ftp.Error("port", $"port {settings.Port} is out of range (1-65535)");
        if (settings.Secret is null)
        {
            if (settings.Host is null)
                ftp.ErrorHere("set secret (a structured secret with host, user, password) or the legacy host/user/password_secret");
            else if (settings.User is null || settings.PasswordSecret is null)
                ftp.ErrorHere("the legacy form needs host, user and password_secret together");
        }
        return directory is null ? null : settings;
    }

    public static WebhookSettings? ReadWebhook(TomlSection webhook)
    {
        webhook.RejectUnknownKeys(WebhookKeys);
        var token = Required(webhook, "token_secret", "the secret holding the bearer token");
        return token is null ? null : new WebhookSettings(token);
    }

    public static NotifySettings ReadNotify(TomlSection notify)
    {
        notify.RejectUnknownKeys(NotifyKeys);
        var on = new List<NotifyOn>();
        foreach (var item in notify.StringList("on") ?? ["failure"])
        {
            switch (item)
            {
                case "failure": on.Add(NotifyOn.Failure); break;
                case "success": on.Add(NotifyOn.Success); break;
                default: notify.Error("on", $"'{item}' is not one of failure, success"); break;
            }
        }
        var email = notify.StringList("email") ?? [];
        foreach (var address in email.Where(a => !a.Contains('@')))
            notify.Error("email", $"'{address}' is not an email address");
        return new NotifySettings(on, email, notify.String("webhook_secret"));
    }

    /// <summary>A required, non-empty string field; reports it missing or empty.</summary>
    internal static string? Required(TomlSection section, string key, string what)
    {
        if (!section.Has(key))
        {
            section.Missing(key, $"missing required field '{key}' ({what})");
            return null;
        }
        var value = section.String(key);
        if (value is not null && value.Trim().Length == 0)
        {
            section.Error(key, $"'{key}' must not be empty ({what})");
            return null;
        }
        return value;
    }
}
