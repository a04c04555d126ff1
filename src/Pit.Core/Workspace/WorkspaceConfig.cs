using Pit.Core.Dags;

namespace Pit.Core.Workspace;

/// <summary>
/// <c>pit_config.toml</c> at the workspace root: where Pit keeps its files and the workspace-wide
/// limits. Every path is absolute, resolved against the workspace root.
/// </summary>
public sealed record WorkspaceConfig
{
    /// <summary>The secrets file (<c>secrets_dir</c> in pit_config.toml); null when not set.</summary>
    public string? SecretsFile { get; init; }
    public required string RunsDir { get; init; }
    public required string RepoCacheDir { get; init; }
    public required string MetadataDb { get; init; }
    public string DbtDriver { get; init; } = "ODBC Driver 17 for SQL Server";
    public IReadOnlyList<RunArtifact> KeepArtifacts { get; init; } = [RunArtifact.Logs, RunArtifact.Project, RunArtifact.Data];

    /// <summary>Bearer token for the HTTP API; never printed.</summary>
    public string? ApiToken { get; init; }

    /// <summary>Which HTTP API requests need <see cref="ApiToken"/> (<c>api_auth</c>, default <c>mutating</c>).</summary>
    public ApiAuth ApiAuth { get; init; } = ApiAuth.Mutating;

    /// <summary>How long <c>pit serve</c> waits for active runs to finish when stopped (<c>shutdown_timeout</c>, default 5m) before cancelling them.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Named resource slots (<c>[pools] db = 2</c>).</summary>
    public IReadOnlyDictionary<string, int> Pools { get; init; } = new Dictionary<string, int>();

    /// <summary>The Python interpreter for python tasks when uv is not available; null = python3/python on PATH.</summary>
    public string? Python { get; init; }

    /// <summary>How long a task gets after SIGTERM before SIGKILL (<c>kill_grace</c>, default 10s).</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(10);

    public int? MaxActiveRuns { get; init; }
    public int? MaxActiveTasks { get; init; }

    /// <summary>The control channel's TCP port (<c>control_port</c>); null: the Unix socket only.</summary>
    public int? ControlPort { get; init; }

    /// <summary>The address the control TCP port binds (<c>control_bind</c>, as written); null: 127.0.0.1.</summary>
    public string? ControlBind { get; init; }

    /// <summary>How long finished runs are kept (<c>[retention]</c>); null: keep everything.</summary>
    public RetentionConfig? Retention { get; init; }

    public static WorkspaceConfig Defaults(string root) => new()
    {
        RunsDir = Path.Combine(root, "runs"),
        RepoCacheDir = Path.Combine(root, "repo_cache"),
        MetadataDb = Path.Combine(root, ".pit", "pit.db"),
    };
}

/// <summary>
/// Which HTTP API requests must carry the <c>api_token</c>: <see cref="Mutating"/> (POST: trigger,
/// cancel) or <see cref="All"/> (reads too).
/// </summary>
public enum ApiAuth { Mutating, All }
