using System.Text.Json.Nodes;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;
using Pit.Engine.Sdk;

namespace Pit.Engine.Control;

/// <summary>Runs as the <c>run</c> palette shows them (snake_case keys, UTC times, seconds); state names as the API's.</summary>
public static class RunJson
{
    /// <summary><c>run ls</c>: one line per run. <c>duration_seconds</c> is null until the run finished.</summary>
    public static JsonObject Item(RunSummary run) => new()
    {
        ["run_id"] = run.RunId,
        ["dag"] = run.Dag,
        ["state"] = StatusNames.Of(run.Status),
        ["trigger"] = run.Trigger,
        ["started"] = ControlJson.Time(run.CreatedAt),
        ["duration_seconds"] = ControlJson.Seconds(run.Duration),
        ["tasks_done"] = run.Tasks.Count(t => t.Status.IsSettled()),
        ["tasks_total"] = run.Tasks.Count,
    };

    /// <summary>
    /// <c>run show</c>: the run and each of its tasks; its reason, logical time, parameters and rerun
    /// links when it has them, a parameter value that contains a secret's value masked (as the API
    /// shows them). A task a rerun reused has <c>"reused": true</c>.
    /// </summary>
    public static JsonObject Detail(RunSummary run, Redactor secrets)
    {
        var detail = new JsonObject
        {
            ["run_id"] = run.RunId,
            ["dag"] = run.Dag,
            ["state"] = StatusNames.Of(run.Status),
            ["trigger"] = run.Trigger,
            ["started"] = ControlJson.Time(run.CreatedAt),
            ["finished"] = ControlJson.Time(run.FinishedAt),
            ["duration_seconds"] = ControlJson.Seconds(run.Duration),
        };
        if (run.Reason is { } reason) detail["reason"] = reason;
        if (run.LogicalTime is { } logical) detail["logical_time"] = ControlJson.Time(logical);
        if (run.RerunOf is { } original) detail["rerun_of"] = original;
        if (run.Reruns is { Count: > 0 } reruns) detail["reruns"] = ControlJson.Strings(reruns);
        if (run.Parameters is { Count: > 0 } parameters)
        {
            var shown = new JsonObject();
            foreach (var (key, value) in parameters) shown[key] = secrets.Redact(value);
            detail["parameters"] = shown;
        }
        detail["tasks"] = ControlJson.Array(run.Tasks.Select(task =>
        {
            var shown = new JsonObject
            {
                ["name"] = task.Name,
                ["state"] = StatusNames.Of(task.Status),
                ["attempts"] = task.Attempts,
                ["duration_seconds"] = ControlJson.Seconds(task.Duration),
                ["exit_code"] = task.ExitCode,
            };
            if (task.Reused) shown["reused"] = true;
            return (JsonNode?)shown;
        }));
        return detail;
    }
}
