using System.Text.Json.Nodes;

namespace Pit.Cli.Top;

/// <summary>
/// What <c>pit top</c> shows at one moment, built from the service's replies: the DAGs
/// (<c>dag ls</c>), the active runs and the recent failures (<c>run ls</c>), and the selected run
/// with its tasks (<c>run show</c>, when one is selected).
/// </summary>
public sealed record TopSnapshot(
    IReadOnlyList<DagRow> Dags,
    IReadOnlyList<RunRow> Active,
    IReadOnlyList<RunRow> Failures,
    RunDetail? Selected,
    DateTimeOffset TakenAt)
{
    public static readonly TopSnapshot Empty = new([], [], [], null, DateTimeOffset.MinValue);

    /// <summary>The runs one can select, in the order shown: active runs, then recent failures.</summary>
    public IReadOnlyList<RunRow> Runs => [.. Active, .. Failures];

    /// <summary>
    /// Builds the lists from <c>dag ls</c>, <c>run ls --state running</c> and <c>run ls -n N</c>
    /// (newest first): a run in both lists is active once; failures are the failed and timed-out runs.
    /// </summary>
    /// <exception cref="FormatException">A reply is not the list the contract promises; the message names the command.</exception>
    public static TopSnapshot Of(JsonNode? dags, JsonNode? running, JsonNode? recent, DateTimeOffset now)
    {
        var recentRuns = TopJson.Objects(recent, "run ls").Select(RunRow.From).ToList();
        var active = TopJson.Objects(running, "run ls --state running").Select(RunRow.From)
            .Concat(recentRuns.Where(r => r.IsActive))
            .DistinctBy(r => r.RunId)
            .OrderByDescending(r => r.Started ?? DateTimeOffset.MinValue)
            .ToList();
        return new TopSnapshot(
            TopJson.Objects(dags, "dag ls").Select(DagRow.From).ToList(),
            active,
            recentRuns.Where(r => r.IsFailure).ToList(),
            null,
            now);
    }

    public TopSnapshot WithSelected(RunDetail? run) => this with { Selected = run };

    public DagRow? FindDag(string? name) => name is null ? null : Dags.FirstOrDefault(d => d.Name == name);

    public RunRow? FindRun(string? runId) => runId is null ? null : Runs.FirstOrDefault(r => r.RunId == runId);
}
