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
    ];

    public static WorkspaceConfig Read(string root, ConfigErrorList errors)
    {
        var defaults = WorkspaceConfig.Defaults(root);
        var path = Path.Combine(root, FileName);
        if (!File.Exists(path)) return defaults;
        var toml = TomlFile.Load(path, errors);
        if (toml is null) return defaults;

        toml.RejectUnknownKeys(Keys);
        return defaults with
        {
            SecretsFile = PathIn(root, toml.String("secrets_dir")),
            RunsDir = PathIn(root, toml.String("runs_dir")) ?? defaults.RunsDir,
            RepoCacheDir = PathIn(root, toml.String("repo_cache_dir")) ?? defaults.RepoCacheDir,
            MetadataDb = PathIn(root, toml.String("metadata_db")) ?? defaults.MetadataDb,
            DbtDriver = toml.String("dbt_driver") ?? defaults.DbtDriver,
            KeepArtifacts = ArtifactList.Read(toml, "keep_artifacts") ?? defaults.KeepArtifacts,
            ApiToken = toml.String("api_token"),
            Pools = ReadPools(toml.Table("pools")),
            Python = toml.String("python"),
            KillGrace = toml.Duration("kill_grace") ?? defaults.KillGrace,
            MaxActiveRuns = toml.Count("max_active_runs", 1),
            MaxActiveTasks = toml.Count("max_active_tasks", 1),
        };
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
