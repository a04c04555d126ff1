using System.Globalization;

namespace Pit.Engine.Persistence;

/// <summary>
/// Where a page of the run history stops: the runs strictly older than a run, in the order
/// <see cref="RunHistory"/> lists them newest first (creation time, then run id), or strictly older
/// than a moment. Paging with the last run id of each page gives pages that neither overlap nor
/// miss a run, even when runs share a creation time.
/// </summary>
/// <param name="RunId">The run the cursor stands on; null for a moment.</param>
public sealed record RunCursor(DateTimeOffset CreatedAt, string? RunId)
{
    /// <summary>The ISO-8601 forms <see cref="TryParseTime"/> accepts; without an offset, UTC.</summary>
    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd",
    ];

    /// <summary>The runs older than <paramref name="run"/>.</summary>
    public static RunCursor Before(RunSummary run) => new(run.CreatedAt, run.RunId);

    /// <summary>The runs created before <paramref name="time"/>.</summary>
    public static RunCursor Before(DateTimeOffset time) => new(time, null);

    /// <summary>
    /// The runs older than the run <paramref name="runId"/> when the history no longer holds it: by
    /// the time in its id. Null when <paramref name="runId"/> is not a run id.
    /// </summary>
    public static RunCursor? BeforeId(string runId) =>
        RunIds.TryDagOf(runId, out _) ? new RunCursor(RunIds.TimeOf(runId), runId) : null;

    /// <summary>True when <paramref name="run"/> comes after the cursor, newest first.</summary>
    public bool Includes(RunSummary run)
    {
        var byTime = run.CreatedAt.CompareTo(CreatedAt);
        return byTime < 0 || (byTime == 0 && RunId is not null && string.CompareOrdinal(run.RunId, RunId) < 0);
    }

    /// <summary>
    /// An ISO-8601 date or date and time (<c>2025-03-14</c>, <c>2025-03-14T09:30:00Z</c>,
    /// <c>2025-03-14T10:30:00.5+01:00</c>); without an offset it is UTC. A space where the offset's
    /// <c>+</c> belongs is read as <c>+</c> (an unescaped <c>+</c> in a URL's query arrives as a space).
    /// </summary>
    public static bool TryParseTime(string text, out DateTimeOffset time)
    {
        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, styles, out time)) return true;
        return text.Contains(' ', StringComparison.Ordinal)
               && DateTimeOffset.TryParseExact(text.Replace(' ', '+'), TimeFormats, CultureInfo.InvariantCulture, styles, out time);
    }
}
