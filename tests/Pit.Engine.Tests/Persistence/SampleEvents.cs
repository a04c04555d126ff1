using Pit.Engine.Protocol;

namespace Pit.Engine.Tests.Persistence;

/// <summary>Events of every type with every field set, and small runs to persist.</summary>
internal static class SampleEvents
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 14, 9, 30, 0, 125, TimeSpan.Zero);

    public static IReadOnlyList<IPitEvent> EveryType(string runId = "20250314_093000.125_claims_pipeline") =>
    [
        new RunEvents.RunCreated(runId, "claims_pipeline", "manual", "sha256:abc",
            [new("extract", []), new("load", ["extract"])],
            T0, LogicalTime: new DateTimeOffset(2025, 3, 14, 0, 0, 0, TimeSpan.FromHours(2)),
            Parameters: new Dictionary<string, string> { ["day"] = "2025-03-14", ["mode"] = "full" }),
        new RunEvents.RunCreated(runId, "claims_pipeline", "cron", "sha256:def", [], T0),
        new RunEvents.TaskStarted(runId, "extract", 1, 4242, T0.AddSeconds(1)),
        new RunEvents.TaskStarted(runId, "extract", 2, null, T0.AddSeconds(2)),
        new RunEvents.TaskSucceeded(runId, "extract", 2, T0.AddSeconds(3)),
        new RunEvents.TaskFailed(runId, "load", 1, 3, "exit code 3 (attempt 1/2), see logs/load.log", false, T0.AddSeconds(4)),
        new RunEvents.TaskFailed(runId, "load", 2, null, "timed out after 00:05:00", true, T0.AddSeconds(5)),
        new RunEvents.TaskRetryScheduled(runId, "load", 2, TimeSpan.FromSeconds(1.5), T0.AddSeconds(6)),
        new RunEvents.TaskSkipped(runId, "report", "condition one_failed not met", T0.AddSeconds(7)),
        new RunEvents.TaskUpstreamFailed(runId, "publish", "load", T0.AddSeconds(8)),
        new RunEvents.RunFinished(runId, RunStatus.TimedOut, "dag timeout 01:00:00", T0.AddSeconds(9)),
        new RunEvents.RunFinished(runId, RunStatus.Succeeded, null, T0.AddSeconds(10)),
        new RunEvents.SecretAccessed(runId, "extract", 2, "claims_db", true, T0.AddSeconds(2.5)),
        new RunEvents.ContextSet(runId, "extract", "rows", "{\"count\":42}", T0.AddSeconds(2.6)),
    ];

    /// <summary>The Scheduler's events, every field set.</summary>
    public static IReadOnlyList<IPitEvent> SchedulerEveryType()
    {
        var queued = new SchedulerEvents.TriggerQueued("q1", "claims_pipeline", "load", "api",
            new Dictionary<string, string> { ["day"] = "2025-03-14" }, true, T0, T0.AddHours(-1));
        return
        [
            new SchedulerEvents.OccurrenceFired("claims_pipeline", T0.AddHours(-1), T0),
            new SchedulerEvents.TriggerRefused("claims_pipeline", "cron", "overlap", "claims_pipeline has an active run", T0, T0.AddHours(-1)),
            queued,
            new SchedulerEvents.QueuedTriggerLeft("q1", "20250314_093000.125_claims_pipeline", null, T0),
            new SchedulerEvents.QueuedTriggerLeft("q2", null, "DAG gone", T0),
            new SchedulerEvents.DagPaused("claims_pipeline", T0),
            new SchedulerEvents.DagResumed("claims_pipeline", T0.AddMinutes(1)),
            new SchedulerEvents.SchedulerSnapshot(
                new Dictionary<string, DateTimeOffset> { ["claims_pipeline"] = T0.AddHours(-1) },
                new Dictionary<string, DateTimeOffset> { ["billing"] = T0 },
                new Dictionary<string, DateTimeOffset> { ["claims_pipeline"] = T0.AddMinutes(1) },
                [queued]),
        ];
    }

    /// <summary>A two-task run (extract → load) that succeeds in <paramref name="seconds"/> seconds.</summary>
    public static IReadOnlyList<IPitEvent> SucceededRun(string runId, string dag, DateTimeOffset at, int seconds = 4) =>
    [
        new RunEvents.RunCreated(runId, dag, "manual", "sha256:" + dag, [new("extract", []), new("load", ["extract"])], at),
        new RunEvents.TaskStarted(runId, "extract", 1, 100, at.AddSeconds(1)),
        new RunEvents.TaskSucceeded(runId, "extract", 1, at.AddSeconds(2)),
        new RunEvents.TaskStarted(runId, "load", 1, 101, at.AddSeconds(2)),
        new RunEvents.TaskSucceeded(runId, "load", 1, at.AddSeconds(seconds)),
        new RunEvents.RunFinished(runId, RunStatus.Succeeded, null, at.AddSeconds(seconds)),
    ];

    /// <summary>A run whose extract fails once, is retried, fails again with exit 2; load is upstream_failed.</summary>
    public static IReadOnlyList<IPitEvent> FailedRun(string runId, string dag, DateTimeOffset at) =>
    [
        new RunEvents.RunCreated(runId, dag, "cron", "sha256:" + dag, [new("extract", []), new("load", ["extract"])], at),
        new RunEvents.TaskStarted(runId, "extract", 1, 200, at.AddSeconds(1)),
        new RunEvents.TaskFailed(runId, "extract", 1, 1, "exit code 1", false, at.AddSeconds(2)),
        new RunEvents.TaskRetryScheduled(runId, "extract", 2, TimeSpan.FromSeconds(1), at.AddSeconds(2)),
        new RunEvents.TaskStarted(runId, "extract", 2, 201, at.AddSeconds(3)),
        new RunEvents.TaskFailed(runId, "extract", 2, 2, "exit code 2", false, at.AddSeconds(5)),
        new RunEvents.TaskUpstreamFailed(runId, "load", "extract", at.AddSeconds(5)),
        new RunEvents.RunFinished(runId, RunStatus.Failed, "1 task failed", at.AddSeconds(6)),
    ];
}
