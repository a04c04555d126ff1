namespace Pit.Engine.Runners;

/// <summary>
/// How a task's main process ended. A process killed by a signal gets the exit code shells report,
/// 128 + the signal number, and <see cref="Signal"/> says which (known only for processes Pit reaps itself).
/// </summary>
internal readonly record struct ExitStatus(int Code, int? Signal = null, bool Lost = false)
{
    /// <summary>The status went to someone else (Pit was started with SIGCHLD ignored, so .NET reaps every child).</summary>
    public static ExitStatus Unknown { get; } = new(255, null, Lost: true);

    /// <summary>Decodes a <c>waitpid</c> status: WIFEXITED → WEXITSTATUS, WIFSIGNALED → 128 + WTERMSIG.</summary>
    public static ExitStatus FromWaitStatus(int status)
    {
        var signal = status & 0x7f;
        return signal == 0 ? new ExitStatus((status >> 8) & 0xff) : new ExitStatus(128 + signal, signal);
    }

    /// <summary>A line for the attempt log when the exit code alone would mislead; null otherwise.</summary>
    public string? Note => this switch
    {
        { Signal: { } signal } => $"pit: the task's main process was killed by signal {signal}{(SignalName(signal) is { } name ? $" ({name})" : "")}; reporting exit code {Code}",
        { Lost: true } => $"pit: the task's exit status was lost (another part of the process reaped it; was Pit started with SIGCHLD ignored?); reporting exit code {Code}",
        _ => null,
    };

    private static readonly string[] Names =
    [
        "", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV",
        "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN",
        "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    ];

    /// <summary>Linux's name of a standard signal; null for real-time signals (32 and up), which have none of their own.</summary>
    public static string? SignalName(int signal) => signal > 0 && signal < Names.Length ? Names[signal] : null;
}
