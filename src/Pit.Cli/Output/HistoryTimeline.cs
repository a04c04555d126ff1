using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pit.Engine.Persistence.ReadModels;
using Pit.Engine.Sdk;

namespace Pit.Cli.Output;

/// <summary>
/// How <c>pit history</c> prints the timeline: aligned lines (time in UTC, run, task, what happened,
/// details), or one JSON object per event. Parameter and context values pass the redactor, so a
/// secret's value never shows; a secret access shows only its key.
/// </summary>
public sealed class HistoryTimeline(TextWriter output, Redactor secrets, bool json, bool showRun)
{
    private const int TimeWidth = 23;
    private const int TaskWidth = 16;
    private const int EventWidth = 15;
    private int _runWidth = 24;
    private bool _headerWritten;

    public void Write(IEnumerable<HistoryEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (json) output.WriteLine(Json(entry).ToJsonString(CompactOptions));
            else WriteLine(entry);
        }
        output.Flush();
    }

    private static readonly JsonSerializerOptions CompactOptions = new(JsonOutput.Options) { WriteIndented = false };

    /// <summary>One event as <c>--json</c> prints it: <c>{offset, at, run_id, dag, task, event, …fields}</c>.</summary>
    public JsonObject Json(HistoryEntry entry)
    {
        var shown = new JsonObject
        {
            ["offset"] = entry.Offset,
            ["at"] = DbTime.Of(entry.At),
            ["run_id"] = entry.RunId,
            ["dag"] = entry.Dag,
            ["task"] = entry.Task,
            ["event"] = entry.Event,
        };
        if (JsonNode.Parse(entry.Fields) is JsonObject fields)
            foreach (var (key, value) in fields)
                shown[key] = key is "parameters" or "value" ? Masked(value) : value?.DeepClone();
        return shown;
    }

    private JsonNode? Masked(JsonNode? value) => value switch
    {
        JsonObject obj => new JsonObject(obj.Select(pair => new KeyValuePair<string, JsonNode?>(pair.Key, Masked(pair.Value)))),
        JsonValue text when text.GetValueKind() == JsonValueKind.String => JsonValue.Create(secrets.Redact(text.GetValue<string>())),
        _ => value?.DeepClone(),
    };

    private void WriteLine(HistoryEntry entry)
    {
        if (!_headerWritten)
        {
            _headerWritten = true;
            output.WriteLine(Row("TIME (UTC)", "RUN", "TASK", "EVENT", "DETAIL"));
        }
        _runWidth = Math.Max(_runWidth, entry.RunId.Length);
        var (what, detail) = Describe(entry);
        output.WriteLine(Row(entry.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture), entry.RunId, entry.Task ?? "-", what, detail));
    }

    private string Row(string time, string run, string task, string what, string detail) =>
        (time.PadRight(TimeWidth) + "  " + (showRun ? run.PadRight(_runWidth) + "  " : "") + task.PadRight(TaskWidth) + "  " +
         what.PadRight(EventWidth) + "  " + detail).TrimEnd();

    /// <summary>What happened, in a word, and its details.</summary>
    public (string What, string Detail) Describe(HistoryEntry entry)
    {
        var f = JsonNode.Parse(entry.Fields) as JsonObject ?? [];
        string Text(string key) => f[key]?.GetValue<string>() ?? "";
        string Took() => f["duration_seconds"] is { } seconds ? $", took {RunProgress.Seconds(TimeSpan.FromSeconds(seconds.GetValue<double>()))}" : "";
        return entry.Event switch
        {
            HistoryEntry.Names.RunCreated => ("triggered", Triggered(f)),
            HistoryEntry.Names.TaskStarted => ("started", $"attempt {f["attempt"]}"),
            HistoryEntry.Names.TaskSucceeded => ("succeeded", $"attempt {f["attempt"]}{Took()}"),
            HistoryEntry.Names.TaskFailed => (f["timed_out"] is not null ? "timed_out" : "failed",
                $"attempt {f["attempt"]}{(f["exit_code"] is { } code ? $", exit {code}" : "")}{Took()}: {secrets.Redact(Text("reason"))}"),
            HistoryEntry.Names.TaskRetryScheduled => ("retry", $"attempt {f["next_attempt"]} in {RunProgress.Seconds(TimeSpan.FromSeconds(f["delay_seconds"]!.GetValue<double>()))}"),
            HistoryEntry.Names.TaskSkipped => ("skipped", Text("reason")),
            HistoryEntry.Names.TaskUpstreamFailed => ("upstream_failed", $"upstream task '{Text("upstream")}' did not succeed"),
            HistoryEntry.Names.SecretAccessed => ("secret", $"key {Text("key")} ({(f["found"]?.GetValue<bool>() == true ? "found" : "not found")}), attempt {f["attempt"]}"),
            HistoryEntry.Names.ContextSet => ("context", $"{Text("key")} = {secrets.Redact(Text("value"))}"),
            HistoryEntry.Names.RunFinished => ("finished", Text("state") + Took().Replace(", took", " in", StringComparison.Ordinal) +
                                                           (f["reason"] is { } reason ? $": {secrets.Redact(reason.GetValue<string>())}" : "")),
            _ => (entry.Event, entry.Fields),
        };
    }

    private string Triggered(JsonObject f)
    {
        var detail = $"by {f["trigger"]?.GetValue<string>()}";
        if (f["logical_time"] is { } logical) detail += $", for {DbTime.Parse(logical.GetValue<string>()).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}";
        if (f["parameters"] is JsonObject parameters && parameters.Count > 0)
            detail += ", " + string.Join(" ", parameters.Select(p => $"{p.Key}={secrets.Redact(p.Value?.GetValue<string>() ?? "")}"));
        if (f["tasks"] is { } tasks) detail += $", {tasks} task(s)";
        return detail;
    }
}
