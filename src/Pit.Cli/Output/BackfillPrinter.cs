using System.Text.Json.Nodes;

namespace Pit.Cli.Output;

/// <summary>
/// Prints a backfill's lines (<c>BackfillJson</c>, as <c>dag backfill</c> streams them) for people: the
/// plan, then a line per run started, queued, ended or not started, then the counts. A dry run prints
/// each occurrence on a line of its own.
/// </summary>
public sealed class BackfillPrinter(CliConsole console)
{
    private string _dag = "";

    /// <summary>Null until the end line came: then whether every occurrence's run succeeded (a dry run counts as such).</summary>
    public bool? AllSucceeded { get; private set; }

    public void Print(JsonNode? line)
    {
        if (line is not JsonObject data) return;
        if (data["occurrences"] is JsonArray occurrences && data["end"] is null) Plan(data, occurrences);
        else if (data["end"] is not null) End(data);
        else Step(data);
        console.Out.Flush();
    }

    private void Plan(JsonObject plan, JsonArray occurrences)
    {
        _dag = Text(plan["dag"]);
        var count = occurrences.Count;
        var range = $"of \"{Text(plan["schedule"])}\" ({Text(plan["timezone"])}) from {Text(plan["from"])} to {Text(plan["to"])}";
        var dryRun = plan["dry_run"]?.GetValue<bool>() == true;
        var at = Text(plan["concurrency"]) == "1" ? "one run at a time" : $"up to {Text(plan["concurrency"])} runs at a time";
        console.Line(count == 0
            ? $"backfill {_dag}: no occurrence {range} up to now; nothing to run"
            : $"backfill {_dag}: {count} occurrence{(count == 1 ? "" : "s")} {range}; " +
              (dryRun ? "dry run, nothing started:" : $"{at} (overlap = {Text(plan["overlap"])})"));
        if (dryRun)
            foreach (var occurrence in occurrences) console.Line(Text(occurrence));
    }

    private void Step(JsonObject step)
    {
        var occurrence = Text(step["occurrence"]);
        var runId = Text(step["run_id"]);
        var state = Text(step["state"]);
        var line = state switch
        {
            "running" => $"{occurrence}  run {runId} started",
            "queued" => $"{occurrence}  waits in line (position {Text(step["position"])})",
            "not_started" => $"{occurrence}  {console.Red("not started")}: {Text(step["reason"])}",
            "success" => $"{occurrence}  run {runId} {console.Green(state)}{Took(step)}",
            _ => $"{occurrence}  run {runId} {console.Red(state)}{Took(step)}" + (step["reason"] is JsonValue reason ? $" ({reason})" : ""),
        };
        console.Line(line);
    }

    private void End(JsonObject end)
    {
        if (end["dry_run"]?.GetValue<bool>() == true)
        {
            AllSucceeded = true;
            return;
        }
        var succeeded = end["succeeded"]?.GetValue<int>() ?? 0;
        var failed = end["failed"]?.GetValue<int>() ?? 0;
        var notStarted = end["not_started"]?.GetValue<int>() ?? 0;
        AllSucceeded = failed == 0 && notStarted == 0;
        console.Line($"backfill {_dag}: {succeeded} succeeded, {failed} failed, {notStarted} not started");
    }

    private static string Took(JsonObject step) =>
        step["duration_seconds"] is JsonValue seconds ? " in " + RunProgress.Seconds(TimeSpan.FromSeconds(seconds.GetValue<double>())) : "";

    private static string Text(JsonNode? node) => node is JsonValue value ? value.ToString() : "";
}
