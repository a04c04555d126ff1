namespace Pit.Engine.Scheduling;

/// <summary>How the Scheduler behaves: <c>pit run</c> triggers by hand only; <c>pit serve</c> also fires cron schedules.</summary>
/// <param name="FireSchedules">Arm a timer per DAG with a <c>schedule</c> and trigger a run (<c>cron</c>) at each occurrence.</param>
public sealed record SchedulerOptions(bool FireSchedules)
{
    /// <summary><c>pit run</c>: manual triggers only; no schedule ever fires.</summary>
    public static SchedulerOptions RunOnly { get; } = new(FireSchedules: false);

    /// <summary><c>pit serve</c>: every valid DAG's cron schedule fires, and runs a stopped service left unfinished resume.</summary>
    public static SchedulerOptions Service { get; } = new(FireSchedules: true) { ResumeUnfinished = true, CheckRequirements = true, Persistent = true, PreciseTimers = true };

    /// <summary>
    /// Wait the last moments before a cron occurrence on a .NET timer (about 1 ms late) rather than
    /// Akka's 10 ms ticks. Off where time is Akka's test scheduler, which .NET timers do not follow.
    /// </summary>
    public bool PreciseTimers { get; init; }

    /// <summary>
    /// Persist the Scheduler's state (last fires, paused DAGs, queued and refused triggers) as
    /// events of persistenceId <c>scheduler</c>, and recover it on start. Only one Scheduler per
    /// workspace may: the service. <c>pit run</c>'s neither reads nor writes it.
    /// </summary>
    public bool Persistent { get; init; }

    /// <summary>Check each DAG's <c>[dag.requires]</c> against the run history before it starts (reads the journal).</summary>
    public bool CheckRequirements { get; init; }

    /// <summary>On start, wake every run the journal shows unfinished (reads the run history, so it needs the journal).</summary>
    public bool ResumeUnfinished { get; init; }

    /// <summary>
    /// The workspace's <c>max_active_runs</c>: with that many runs active, a trigger that would start
    /// one waits in line (answered <c>TriggerQueued</c>) until a run ends; null for no limit.
    /// </summary>
    public int? MaxActiveRuns { get; init; }

    /// <summary>With <see cref="Persistent"/>, a snapshot of the Scheduler's state is saved every this many events, so a start replays little.</summary>
    public int SnapshotEvery { get; init; } = 1000;

    /// <summary>How many triggers may wait per DAG with <c>overlap = "queue"</c>; one more is rejected.</summary>
    public int MaxQueued { get; init; } = 100;
}
