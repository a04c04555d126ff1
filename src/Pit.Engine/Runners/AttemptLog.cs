using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Pit.Engine.Runners;

/// <summary>The lines Pit itself writes around an attempt's output in the task log.</summary>
internal static class AttemptLog
{
    /// <summary>Opens the task log to append to (its folder made if needed), unbuffered; the error says why it cannot.</summary>
    public static bool TryOpen(TaskLaunch launch, [NotNullWhen(true)] out FileStream? log, [NotNullWhen(false)] out string? error)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(launch.LogFile))!);
            log = new FileStream(launch.LogFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            error = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            log = null;
            error = $"cannot open the task log {launch.LogFile}: {e.Message}";
            return false;
        }
    }

    /// <summary><c>=== attempt 2 of task extract (run &lt;id&gt;) started 2026-11-25T10:00:00Z: bash tasks/extract.sh ===</c></summary>
    public static string Header(TaskLaunch launch, string command, DateTimeOffset started) =>
        $"=== attempt {launch.Attempt} of task {launch.Task.Name} (run {launch.RunId}) started {started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}: {command} ===";

    /// <summary><c>=== attempt 2 of task extract failed with exit code 3 after 1.2 s ===</c></summary>
    public static string Footer(TaskLaunch launch, TaskOutcome outcome, DateTimeOffset started)
    {
        var result = outcome switch
        {
            { Succeeded: true } => "succeeded",
            { Error: not null, Ran: true } => "failed",
            { Error: not null } => "could not start",
            { TimedOut: true } => "timed out",
            { Cancelled: true } => "was cancelled",
            _ => $"failed with exit code {outcome.ExitCode}",
        };
        var seconds = (DateTimeOffset.UtcNow - started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        return $"=== attempt {launch.Attempt} of task {launch.Task.Name} {result} after {seconds} s ===";
    }

    /// <summary><c>=== attempt 1 of task load (run &lt;id&gt;) waits for a slot of pool db (2 in use) since 2026-11-25T10:00:00Z ===</c></summary>
    public static string Waiting(string runId, string task, int attempt, string reason, DateTimeOffset since) =>
        $"=== attempt {attempt} of task {task} (run {runId}) waits for {reason} since {since.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)} ===";

    public static Func<string, TaskLogLine> ToLogLine(TaskLaunch launch) =>
        line => new TaskLogLine(launch.RunId, launch.Task.Name, launch.Attempt, line);
}
