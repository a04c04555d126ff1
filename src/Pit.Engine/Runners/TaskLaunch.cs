using Pit.Core.Dags;

namespace Pit.Engine.Runners;

/// <summary>Everything needed to run one attempt of one task.</summary>
public sealed record TaskLaunch
{
    public required string RunId { get; init; }
    public required string Dag { get; init; }
    public required TaskDefinition Task { get; init; }
    public required int Attempt { get; init; }

    /// <summary>The run's project snapshot (<c>runs/&lt;id&gt;/project</c>): the working directory.</summary>
    public required string SnapshotDir { get; init; }

    /// <summary><c>runs/&lt;id&gt;/data</c>, given to the task as PIT_DATA_DIR.</summary>
    public required string DataDir { get; init; }

    /// <summary><c>runs/&lt;id&gt;/logs/&lt;task&gt;.log</c>; each attempt appends to it after a header line.</summary>
    public required string LogFile { get; init; }

    /// <summary>PIT_* variables and the task's <c>env</c> table, laid over the parent environment.</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>Per-attempt timeout; null for none.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>How long after SIGTERM the process group gets SIGKILL.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The Python interpreter to use when uv is not available (pit_config <c>python</c>).</summary>
    public string? PythonInterpreter { get; init; }

    /// <summary>The workspace root: relative SQLite paths in connection secrets start here.</summary>
    public string WorkspaceRoot { get; init; } = "";

    /// <summary>Where in-process runners (sql, load, save) resolve their connection, each lookup recorded; null when the run has none.</summary>
    public Sdk.ISecretSource? Secrets { get; init; }

    /// <summary>Masks the secret values the run's tasks have resolved in this attempt's output; null for none.</summary>
    public Sdk.Redactor? Redactor { get; init; }
}

/// <summary>How an attempt ended.</summary>
public sealed record TaskOutcome(int? ExitCode, bool TimedOut, bool Cancelled, string? Error)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut && !Cancelled && Error is null;

    /// <summary>
    /// True when the attempt ran and <see cref="Error"/> says why it failed (an in-process runner:
    /// a database error, say), and may be retried; false when <see cref="Error"/> means it could not start.
    /// </summary>
    public bool Ran { get; init; }

    public static TaskOutcome Exited(int code) => new(code, false, false, null);

    public static TaskOutcome CouldNotStart(string error) => new(null, false, false, error);

    /// <summary>An in-process attempt that ran and failed, for <paramref name="reason"/>.</summary>
    public static TaskOutcome Failed(string reason) => new(null, false, false, reason) { Ran = true };

    /// <summary>A one-line reason for a failed attempt, for events and status.</summary>
    public string Describe() => this switch
    {
        { Error: { } error } => error,
        { TimedOut: true } => "timed out",
        { Cancelled: true } => "cancelled",
        { ExitCode: { } code } => $"exit code {code}",
        _ => "unknown",
    };
}

/// <summary>One line of a task's output, for live viewers.</summary>
public sealed record TaskLogLine(string RunId, string Task, int Attempt, string Line);

/// <summary>Runs one attempt of a task and reports how it ended. Implementations must never throw for task failures.</summary>
public interface ITaskExecutor
{
    /// <param name="onStarted">Called with the process id once the process runs (not for in-process runners).</param>
    /// <param name="cancel">Cancelling kills the attempt (SIGTERM to its group, SIGKILL after the grace period).</param>
    Task<TaskOutcome> RunAsync(TaskLaunch launch, Action<int> onStarted, CancellationToken cancel);
}
