using Pit.Core.Dags;
using Pit.Core.Toml;
using Pit.Core.Validation;

namespace Pit.Core.Workspace;

/// <summary>Reads <c>pit_config.toml</c>; a missing file means all defaults.</summary>
public static class WorkspaceConfigReader
{
    public const string FileName = "pit_config.toml";

    private static readonly string[] Keys =
    [
        "secrets_dir", "runs_dir", "repo_cache_dir", "metadata_db", "dbt_driver", "keep_artifacts",
        "api_token", "pools", "max_active_runs", "max_active_tasks", "python", "kill_grace",
        "api_auth", "shutdown_timeout", "control_port", "control_bind", "retention",
    ];

    private static readonly Dictionary<string, ApiAuth> ApiAuthChoices = new(StringComparer.Ordinal)
    {
        ["mutating"] = ApiAuth.Mutating,
        ["all"] = ApiAuth.All,
    };

    public static WorkspaceConfig Read(string root, ConfigErrorList errors)
    {
        var defaults = WorkspaceConfig.Defaults(root);
        var path = Path.Combine(root, FileName);
        if (!File.Exists(path)) return defaults;
        var toml = TomlFile.Load(path, errors);
        if (toml is null) return defaults;

        toml.RejectUnknownKeys(Keys);
        var apiToken = ReadApiToken(toml);
        var apiAuth = toml.Choice("api_auth", ApiAuthChoices) ?? defaults.ApiAuth;
        if (apiAuth == ApiAuth.All && apiToken is null)
            toml.Error("api_auth", "api_auth = \"all\" needs an api_token to check: set api_token, or remove api_auth");
        return defaults with
        {
            SecretsFile = PathIn(root, toml.String("secrets_dir")),
            RunsDir = PathIn(root, toml.String("runs_dir")) ?? defaults.RunsDir,
            RepoCacheDir = PathIn(root, toml.String("repo_cache_dir")) ?? defaults.RepoCacheDir,
            MetadataDb = PathIn(root, toml.String("metadata_db")) ?? defaults.MetadataDb,
            DbtDriver = toml.String("dbt_driver") ?? defaults.DbtDriver,
            KeepArtifacts = ArtifactList.Read(toml, "keep_artifacts") ?? defaults.KeepArtifacts,
            ApiToken = apiToken,
            ApiAuth = apiAuth,
            ShutdownTimeout = toml.Duration("shutdown_timeout") ?? defaults.ShutdownTimeout,
            Pools = ReadPools(toml.Table("pools")),
            Python = toml.String("python"),
            KillGrace = toml.Duration("kill_grace") ?? defaults.KillGrace,
            MaxActiveRuns = toml.Count("max_active_runs", 1),
            MaxActiveTasks = toml.Count("max_active_tasks", 1),
            ControlPort = ReadPort(toml, "control_port"),
            ControlBind = ReadAddress(toml, "control_bind"),
            Retention = RetentionConfig.Read(toml.Table("retention")),
        };
    }

    /// <summary>
    /// The API token; a blank one is an error (it would guard nothing). Its value is never part of
    /// a message, not even when it has the wrong type.
    /// </summary>
    private static string? ReadApiToken(TomlSection toml)
    {
        switch (toml.Raw("api_token"))
        {
            case null:
                return null;
            case string token when token.Trim().Length > 0:
                return token;
            case string:
                toml.Error("api_token", "must not be empty: set a long random string, or remove api_token");
                return null;
            default:
                toml.Error("api_token", "expected a string (in quotes)");
                return null;
        }
    }

    private static int? ReadPort(TomlSection toml, string key)
    {
        var port = toml.Count(key, 1);
        if (port is > 65535)
        {
            toml.Error(key, $"must be a TCP port from 1 to 65535, got {port}");
            return null;
        }
        return port;
    }

    /// <summary>An IP address (or <c>localhost</c>), kept as written; an error for anything else.</summary>
    private static string? ReadAddress(TomlSection toml, string key)
    {
        var text = toml.String(key);
        if (text is null || string.Equals(text, "localhost", StringComparison.OrdinalIgnoreCase) || System.Net.IPAddress.TryParse(text, out _)) return text;
        toml.Error(key, $"expected an IP address (e.g. 127.0.0.1 or 0.0.0.0), got '{text}'");
        return null;
    }

    private static Dictionary<string, int> ReadPools(TomlSection? pools)
    {
        var result = new Dictionary<string, int>();
        if (pools is null) return result;
        foreach (var name in pools.Keys)
        {
            // A pool with a bad size is still a known pool: its error is reported here, once,
            // not again as "unknown pool" on every task that uses it.
            result[name] = pools.Count(name, 1) ?? 1;
        }
        return result;
    }

    private static string? PathIn(string root, string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : Path.GetFullPath(Path.Combine(root, value));
}
