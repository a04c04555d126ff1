namespace Pit.Core.Dags;

/// <summary>One <c>[[tasks]]</c> entry of a pit.toml.</summary>
public sealed record TaskDefinition
{
    public required string Name { get; init; }

    /// <summary>Path relative to the project (or the dbt command for dbt tasks); null for data tasks.</summary>
    public string? Script { get; init; }

    public required TaskRunner Runner { get; init; }

    public IReadOnlyList<string> DependsOn { get; init; } = [];

    public TimeSpan? Timeout { get; init; }

    public int Retries { get; init; }

    public TimeSpan RetryDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Each retry waits the previous delay times this (1 = fixed delay).</summary>
    public double RetryBackoff { get; init; } = 1;

    public TimeSpan? MaxRetryDelay { get; init; }

    public RetryOn RetryOn { get; init; } = RetryOn.Any;

    public TaskCondition Condition { get; init; } = TaskCondition.AllSuccess;

    public string? Pool { get; init; }

    /// <summary>Plain, non-secret environment variables for the task's process.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>For sql tasks: the connection (a secret name), the task's own <c>connection</c> or else <c>[dag.sql]</c>'s.</summary>
    public string? Connection { get; init; }

    /// <summary>Set for declarative data tasks (<c>type = "load"</c> / <c>"save"</c>).</summary>
    public DataTask? Data { get; init; }
}

public enum RunnerKind { Python, Bash, Sql, Dbt, Custom, Data }

/// <summary>How a task is executed; <see cref="Command"/> is the prefix of a <c>$ cmd</c> runner.</summary>
public sealed record TaskRunner(RunnerKind Kind, string? Command = null)
{
    public static readonly TaskRunner Python = new(RunnerKind.Python);
    public static readonly TaskRunner Bash = new(RunnerKind.Bash);
    public static readonly TaskRunner Sql = new(RunnerKind.Sql);
    public static readonly TaskRunner Dbt = new(RunnerKind.Dbt);
    public static readonly TaskRunner Data = new(RunnerKind.Data);

    public override string ToString() => Kind switch
    {
        RunnerKind.Custom => $"$ {Command}",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}

public enum TaskCondition { AllSuccess, AllDone, OneFailed, Always }

public enum RetryOnKind { Any, Timeout, ExitCodes }

/// <summary>Which failures are retried: any, timeouts only, or the listed exit codes.</summary>
public sealed record RetryOn(RetryOnKind Kind, IReadOnlyList<int> ExitCodes)
{
    public static readonly RetryOn Any = new(RetryOnKind.Any, []);
    public static readonly RetryOn Timeout = new(RetryOnKind.Timeout, []);
}

public enum DataTaskType { Load, Save }

public enum LoadMode { Append, TruncateAndLoad, CreateOrReplace }

/// <summary>
/// A declarative data task. <c>load</c>: Parquet file <see cref="Source"/> from the run's data folder
/// into <see cref="Table"/>. <c>save</c>: query (or .sql file) <see cref="Source"/> into
/// <c>&lt;Output&gt;.parquet</c>. <see cref="Connection"/> falls back to <c>[dag.sql]</c>.
/// </summary>
public sealed record DataTask(DataTaskType Type, string Source, string? Output, string? Table, LoadMode Mode, string Connection);
