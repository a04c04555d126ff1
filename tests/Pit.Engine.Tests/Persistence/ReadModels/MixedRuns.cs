using Pit.Engine.Protocol;

namespace Pit.Engine.Tests.Persistence.ReadModels;

/// <summary>Runs of every kind for the read models: a retry that succeeds, a skip, a failure with upstream_failed, a secret access, a context set, a cancelled run, one still running.</summary>
internal static class MixedRuns
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 14, 9, 30, 0, 125, TimeSpan.Zero);

    public const string Retried = "20250314_093000.125_etl";
    public const string Failed = "20250314_094000.000_etl";
    public const string Cancelled = "20250314_095000.000_report";
    public const string Running = "20250314_095500.000_report";

    public static IReadOnlyList<IReadOnlyList<IPitEvent>> Runs() =>
    [
        [
            new RunEvents.RunCreated(Retried, "etl", "cron", "sha256:etl", [new("extract", []), new("load", ["extract"]), new("alert", ["load"])], T0,
                LogicalTime: new DateTimeOffset(2025, 3, 14, 10, 0, 0, TimeSpan.FromHours(2)), Parameters: new Dictionary<string, string> { ["day"] = "2025-03-14" }),
            new RunEvents.TaskStarted(Retried, "extract", 1, 100, T0.AddSeconds(1)),
            new RunEvents.SecretAccessed(Retried, "extract", 1, "claims_db", true, T0.AddSeconds(1.5)),
            new RunEvents.TaskFailed(Retried, "extract", 1, 3, "exit code 3 (attempt 1/2)", false, T0.AddSeconds(2)),
            new RunEvents.TaskRetryScheduled(Retried, "extract", 2, TimeSpan.FromSeconds(30), T0.AddSeconds(2)),
            new RunEvents.TaskStarted(Retried, "extract", 2, 101, T0.AddSeconds(32)),
            new RunEvents.ContextSet(Retried, "extract", "rows", "{\"count\":42}", T0.AddSeconds(33)),
            new RunEvents.TaskSucceeded(Retried, "extract", 2, T0.AddSeconds(34)),
            new RunEvents.TaskStarted(Retried, "load", 1, 102, T0.AddSeconds(34)),
            new RunEvents.TaskSucceeded(Retried, "load", 1, T0.AddSeconds(36)),
            new RunEvents.TaskSkipped(Retried, "alert", "condition one_failed not met", T0.AddSeconds(36)),
            new RunEvents.RunFinished(Retried, RunStatus.Succeeded, null, T0.AddSeconds(36)),
        ],
        [
            new RunEvents.RunCreated(Failed, "etl", "manual", "sha256:etl", [new("extract", []), new("load", ["extract"]), new("alert", ["load"])], T0.AddMinutes(10)),
            new RunEvents.TaskStarted(Failed, "extract", 1, 200, T0.AddMinutes(10).AddSeconds(1)),
            new RunEvents.TaskFailed(Failed, "extract", 1, null, "timed out after 00:05:00", true, T0.AddMinutes(15).AddSeconds(1)),
            new RunEvents.TaskUpstreamFailed(Failed, "load", "extract", T0.AddMinutes(15).AddSeconds(1)),
            new RunEvents.TaskUpstreamFailed(Failed, "alert", "load", T0.AddMinutes(15).AddSeconds(1)),
            new RunEvents.RunFinished(Failed, RunStatus.Failed, "1 task failed", T0.AddMinutes(15).AddSeconds(2)),
        ],
        [
            new RunEvents.RunCreated(Cancelled, "report", "api", "sha256:report", [new("render", [])], T0.AddMinutes(20)),
            new RunEvents.TaskStarted(Cancelled, "render", 1, 300, T0.AddMinutes(20).AddSeconds(1)),
            new RunEvents.TaskFailed(Cancelled, "render", 1, null, "cancelled", false, T0.AddMinutes(21)),
            new RunEvents.RunFinished(Cancelled, RunStatus.Cancelled, "cancelled through the API", T0.AddMinutes(21)),
        ],
        [
            new RunEvents.RunCreated(Running, "report", "ctl", "sha256:report", [new("render", [])], T0.AddMinutes(25)),
            new RunEvents.TaskStarted(Running, "render", 1, 400, T0.AddMinutes(25).AddSeconds(1)),
        ],
    ];

    /// <summary>The runs' events interleaved (one of each run in turn), as concurrent runs reach the journal.</summary>
    public static IReadOnlyList<IPitEvent> Interleaved()
    {
        var runs = Runs();
        var events = new List<IPitEvent>();
        for (var i = 0; i < runs.Max(r => r.Count); i++)
            foreach (var run in runs)
                if (i < run.Count) events.Add(run[i]);
        return events;
    }
}
