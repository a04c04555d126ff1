using System.Text.Json.Nodes;
using Pit.Core.Dags;
using Pit.Engine.Protocol;
using Pit.Engine.Scheduling;

namespace Pit.Engine.Control;

/// <summary>
/// A backfill as <c>dag backfill</c> streams it (and <c>pit backfill</c> prints it): its plan first,
/// then a line per run started, queued, ended or not started, then <c>{"end":true,…}</c> with the counts.
/// Occurrences are written as <c>2025-03-01T06:00:00Z</c>, as <c>PIT_LOGICAL_TIME</c> is.
/// </summary>
public static class BackfillJson
{
    public static JsonObject Plan(DagDefinition dag, BackfillPlan.Outcome plan, bool dryRun) => new()
    {
        ["dag"] = dag.Name,
        ["from"] = BackfillPlan.Text(plan.From),
        ["to"] = BackfillPlan.Text(plan.To),
        ["schedule"] = dag.Schedule?.Text,
        ["timezone"] = dag.TimeZone.Id,
        ["overlap"] = dag.Overlap.ToString().ToLowerInvariant(),
        ["concurrency"] = plan.Concurrency,
        ["dry_run"] = dryRun,
        ["occurrences"] = ControlJson.Strings(plan.Occurrences.Select(BackfillPlan.Text)),
    };

    /// <summary>The end line of a dry run: nothing started.</summary>
    public static JsonObject DryRunEnd(int occurrences) => new() { ["end"] = true, ["dry_run"] = true, ["occurrences"] = occurrences };

    public static JsonObject Of(object report) => report switch
    {
        BackfillReports.RunStarted started => new JsonObject
        {
            ["occurrence"] = BackfillPlan.Text(started.Occurrence), ["run_id"] = started.RunId, ["state"] = "running",
        },
        BackfillReports.Queued queued => new JsonObject
        {
            ["occurrence"] = BackfillPlan.Text(queued.Occurrence), ["state"] = "queued", ["position"] = queued.Position,
        },
        BackfillReports.RunEnded ended => Ended(ended),
        BackfillReports.NotStarted notStarted => new JsonObject
        {
            ["occurrence"] = BackfillPlan.Text(notStarted.Occurrence), ["state"] = "not_started", ["reason"] = notStarted.Reason,
        },
        BackfillReports.Done done => new JsonObject
        {
            ["end"] = true, ["succeeded"] = done.Succeeded, ["failed"] = done.Failed, ["not_started"] = done.NotStarted,
        },
        _ => new JsonObject { ["report"] = report.GetType().Name },
    };

    private static JsonObject Ended(BackfillReports.RunEnded ended)
    {
        var shown = new JsonObject
        {
            ["occurrence"] = BackfillPlan.Text(ended.Occurrence),
            ["run_id"] = ended.RunId,
            ["state"] = StatusNames.Of(ended.Status),
            ["duration_seconds"] = ControlJson.Seconds(ended.Took),
        };
        if (ended.Reason is { } reason) shown["reason"] = reason;
        return shown;
    }
}
