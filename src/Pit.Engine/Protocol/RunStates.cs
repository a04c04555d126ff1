namespace Pit.Engine.Protocol;

/// <summary>Where a task is in its life: pending → running → success | failed | skipped | upstream_failed.</summary>
public enum TaskStatus { Pending, Running, Success, Failed, Skipped, UpstreamFailed }

/// <summary>Where a run is: running, then one final state.</summary>
public enum RunStatus { Running, Succeeded, Failed, Cancelled, TimedOut }

public static class StatusNames
{
    public static string Of(TaskStatus status) => status switch
    {
        TaskStatus.Pending => "pending",
        TaskStatus.Running => "running",
        TaskStatus.Success => "success",
        TaskStatus.Failed => "failed",
        TaskStatus.Skipped => "skipped",
        TaskStatus.UpstreamFailed => "upstream_failed",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static string Of(RunStatus status) => status switch
    {
        RunStatus.Running => "running",
        RunStatus.Succeeded => "success",
        RunStatus.Failed => "failed",
        RunStatus.Cancelled => "cancelled",
        RunStatus.TimedOut => "timed_out",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static bool IsSettled(this TaskStatus status) =>
        status is TaskStatus.Success or TaskStatus.Failed or TaskStatus.Skipped or TaskStatus.UpstreamFailed;
}
