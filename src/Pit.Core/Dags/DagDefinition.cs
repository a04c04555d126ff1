using Pit.Core.Time;

namespace Pit.Core.Dags;

/// <summary>One project's DAG, as declared in <c>projects/&lt;folder&gt;/pit.toml</c>.</summary>
public sealed record DagDefinition
{
    public required string Name { get; init; }

    /// <summary>The project's folder (absolute).</summary>
    public required string ProjectDir { get; init; }

    /// <summary>The pit.toml this was read from (absolute).</summary>
    public required string File { get; init; }

    public CronSchedule? Schedule { get; init; }

    /// <summary>The IANA id from pit.toml, or null for the machine's zone.</summary>
    public string? Timezone { get; init; }

    public OverlapPolicy Overlap { get; init; } = OverlapPolicy.Skip;

    public CatchupPolicy Catchup { get; init; } = CatchupPolicy.None;

    public TimeSpan? CatchupWindow { get; init; }

    public TimeSpan? Timeout { get; init; }

    public int MaxActiveTasks { get; init; } = 4;

    /// <summary>Which run folders to keep after a run; null means the workspace default.</summary>
    public IReadOnlyList<RunArtifact>? KeepArtifacts { get; init; }

    public string? GitUrl { get; init; }

    public string? GitRef { get; init; }

    public bool IsGitBacked => GitUrl is not null;

    public IReadOnlyList<DagRequirement> Requires { get; init; } = [];

    public SqlSettings? Sql { get; init; }

    public DbtSettings? Dbt { get; init; }

    public FtpWatchSettings? FtpWatch { get; init; }

    public WebhookSettings? Webhook { get; init; }

    public NotifySettings? Notify { get; init; }

    public IReadOnlyList<TaskDefinition> Tasks { get; init; } = [];

    public IReadOnlyList<OutputDefinition> Outputs { get; init; } = [];

    public TaskDefinition? FindTask(string name) => Tasks.FirstOrDefault(t => t.Name == name);

    public TimeZoneInfo TimeZone => Timezone is not null && TimeZones.TryFind(Timezone, out var zone) ? zone : TimeZones.Local;
}

public enum OverlapPolicy { Skip, Queue, Allow }

public enum CatchupPolicy { None, Latest, All }

public enum RunArtifact { Logs, Project, Data }

/// <summary>
/// A cross-DAG requirement checked at trigger time: <c>other = { max_age = "24h" }</c> or
/// Petit's <c>{ condition = "last_success" | "last_complete" | "within_window", window = "6h" }</c>.
/// </summary>
public sealed record DagRequirement(string Dag, RequirementCondition Condition, TimeSpan? MaxAge, TimeSpan? Window);

public enum RequirementCondition { LastSuccess, LastComplete, WithinWindow }

/// <summary><c>[dag.sql]</c>: the connection (a secret name) SQL tasks run against.</summary>
public sealed record SqlSettings(string Connection);

/// <summary><c>[dag.dbt]</c>: how dbt is installed and which profile it runs with.</summary>
public sealed record DbtSettings
{
    public required string Version { get; init; }
    public required string Adapter { get; init; }
    public IReadOnlyList<string> ExtraDeps { get; init; } = [];
    public string? ProjectDir { get; init; }
    public required string Profile { get; init; }
    public string Target { get; init; } = "prod";
    public int? Threads { get; init; }
    public required string Connection { get; init; }
}

/// <summary><c>[dag.ftp_watch]</c>: trigger a run when matching files on an FTP server are stable.</summary>
public sealed record FtpWatchSettings
{
    /// <summary>A structured secret with host, user, password (preferred form).</summary>
    public string? Secret { get; init; }
    public string? Host { get; init; }
    public int Port { get; init; } = 21;
    public string? User { get; init; }
    public string? PasswordSecret { get; init; }
    public bool Tls { get; init; }
    public required string Directory { get; init; }
    public string Pattern { get; init; } = "*";
    public string? ArchiveDir { get; init; }
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(30);
    public int StableSeconds { get; init; } = 30;
}

/// <summary><c>[dag.webhook]</c>: inbound trigger authorised by a bearer token held as a secret.</summary>
public sealed record WebhookSettings(string TokenSecret);

/// <summary><c>[dag.notify]</c>: who hears about a run's outcome.</summary>
public sealed record NotifySettings(IReadOnlyList<NotifyOn> On, IReadOnlyList<string> Email, string? WebhookSecret);

public enum NotifyOn { Failure, Success }
