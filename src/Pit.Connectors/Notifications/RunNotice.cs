namespace Pit.Connectors.Notifications;

/// <summary>
/// What a notification says about a finished run: the DAG, the run id, its final state
/// (<c>success</c>, <c>failed</c>, <c>timed_out</c>, …), why it ended, the tasks that failed, and a link
/// to the run in the HTTP API (null when the service's address is not known).
/// </summary>
public sealed record RunNotice(string Dag, string RunId, string State, string? Reason, IReadOnlyList<string> FailedTasks, string? Url)
{
    /// <summary>One line for a person: <c>Pit: DAG etl, run 20250101T…_etl failed (failed: extract).</c></summary>
    public string Headline => Reason is { Length: > 0 } reason
        ? $"Pit: DAG {Dag}, run {RunId} {State} ({reason})."
        : $"Pit: DAG {Dag}, run {RunId} {State}.";

    /// <summary>The headline, the failed tasks and the link, one per line.</summary>
    public string Text
    {
        get
        {
            var lines = new List<string> { Headline };
            if (FailedTasks.Count > 0) lines.Add($"Failed tasks: {string.Join(", ", FailedTasks)}");
            if (Url is not null) lines.Add($"Run: {Url}");
            return string.Join('\n', lines);
        }
    }
}
