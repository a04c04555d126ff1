namespace Pit.Engine.Runners;

/// <summary>
/// A task's running main process, however it was started: through <c>posix_spawn</c>
/// (<see cref="SpawnedProcess"/>) or, as a fallback, through helpers and System.Diagnostics.Process
/// (<see cref="DotnetProcess"/>).
/// </summary>
internal interface ITaskProcess : IDisposable
{
    int Id { get; }

    /// <summary>True when the process leads a session and process group of its own (its pid is their id).</summary>
    bool OwnGroup { get; }

    /// <summary>The read end of its stdout pipe, read asynchronously (no thread waits on it).</summary>
    Stream Output { get; }

    /// <summary>The read end of its stderr pipe, read asynchronously (no thread waits on it).</summary>
    Stream Errors { get; }

    /// <summary>Completes once the process has exited and been reaped.</summary>
    Task<ExitStatus> Exited { get; }

    /// <summary>Sends <paramref name="signal"/> to the process alone, unless it was reaped already (its pid may be someone else's by then).</summary>
    void SignalIfRunning(int signal);

    /// <summary>
    /// The reason, when <paramref name="line"/> (the first line on stderr) is a launcher saying it could
    /// not exec the task (the exit code is then 126 or 127); null for any other line.
    /// </summary>
    string? ExecFailure(string line);
}
