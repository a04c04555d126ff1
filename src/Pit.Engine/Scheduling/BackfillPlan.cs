using System.Globalization;
using Pit.Core.Dags;

namespace Pit.Engine.Scheduling;

/// <summary>
/// What a backfill runs: one run per occurrence of the DAG's schedule (in its time zone) in
/// [from, to], both ends included, none later than now (those are the schedule's to fire), at
/// most <see cref="MaxOccurrences"/>; and how many of them may run at once. Pure: "now" is given.
/// </summary>
public static class BackfillPlan
{
    /// <summary>A backfill of more occurrences than this is refused: backfill a shorter range at a time.</summary>
    public const int MaxOccurrences = 1000;

    /// <summary>The occurrences, oldest first.</summary>
    /// <param name="Concurrency">How many of the backfill's runs may be active at once.</param>
    /// <param name="Error">Why there is no plan (the lists are then empty); <see cref="NoSchedule"/> says whether the DAG lacks a schedule.</param>
    public sealed record Outcome(IReadOnlyList<DateTimeOffset> Occurrences, DateTimeOffset From, DateTimeOffset To, int Concurrency, string? Error = null, bool NoSchedule = false);

    /// <param name="fromText">The start, as <see cref="TryParseTime"/> reads it, in the DAG's zone unless it names an offset.</param>
    /// <param name="maxActive"><c>--max-active</c>, or null for 1.</param>
    /// <param name="maxActiveRuns">The workspace's <c>max_active_runs</c>, which caps it; null for no cap.</param>
    public static Outcome Make(DagDefinition dag, string fromText, string toText, int? maxActive, int? maxActiveRuns, DateTimeOffset now)
    {
        if (dag.Schedule is not { } schedule)
            return Refuse($"DAG '{dag.Name}' has no schedule: a backfill starts one run per occurrence of the schedule (set schedule under [dag] in {dag.File})", noSchedule: true);
        var zone = dag.TimeZone;
        if (!TryParseTime(fromText, zone, out var from)) return Refuse(NotATime("--from", fromText));
        if (!TryParseTime(toText, zone, out var to)) return Refuse(NotATime("--to", toText));
        if (from > to) return Refuse($"--from ({Text(from)}) is after --to ({Text(to)})");
        if (maxActive is < 1) return Refuse($"--max-active must be 1 or more, got {maxActive}");
        var occurrences = CronFireTimes.Within(schedule, zone, from, to < now ? to : now, MaxOccurrences + 1);
        if (occurrences.Count > MaxOccurrences)
            return Refuse($"{Text(from)} to {Text(to)} holds more than {MaxOccurrences} occurrences of \"{schedule.Text}\"; backfill a shorter range at a time");
        return new Outcome(occurrences, from, to, Concurrency(dag.Overlap, maxActive, maxActiveRuns));
    }

    /// <summary>
    /// With overlap <c>skip</c> or <c>queue</c> the DAG's runs never overlap, so the backfill runs
    /// one occurrence after the other (none is dropped); with <c>allow</c>, up to <c>--max-active</c>
    /// (1 when not given), capped by the workspace's <c>max_active_runs</c>.
    /// </summary>
    public static int Concurrency(OverlapPolicy overlap, int? maxActive, int? maxActiveRuns)
    {
        if (overlap != OverlapPolicy.Allow) return 1;
        var wanted = maxActive ?? 1;
        return maxActiveRuns is { } cap && cap < wanted ? cap : wanted;
    }

    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss",
    ];

    private static readonly string[] OffsetFormats =
    [
        "yyyy-MM-ddTHH:mmzzz", "yyyy-MM-ddTHH:mm:sszzz", "yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-ddTHH:mm'Z'", "yyyy-MM-ddTHH:mm:ss'Z'", "yyyy-MM-ddTHH:mm:ss.FFFFFFF'Z'",
    ];

    /// <summary>
    /// <c>2025-03-01</c>, <c>2025-03-01T06:00</c> or <c>2025-03-01T06:00:00</c> (a space for the
    /// <c>T</c> works too) in <paramref name="zone"/>; with <c>Z</c> or an offset
    /// (<c>2025-03-01T06:00:00+01:00</c>) as written.
    /// </summary>
    public static bool TryParseTime(string text, TimeZoneInfo zone, out DateTimeOffset at)
    {
        text = text.Trim();
        if (DateTimeOffset.TryParseExact(text, OffsetFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at)) return true;
        if (!DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)) return false;
        // A wall-clock time the zone skips (clocks going forward) counts as the moment after the gap.
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        at = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
        return true;
    }

    /// <summary>An occurrence as the CLI and the control channel show it (and as <c>PIT_LOGICAL_TIME</c> is written): <c>2025-03-01T06:00:00Z</c>.</summary>
    public static string Text(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string NotATime(string option, string text) =>
        $"{option}: '{text}' is not a time; write 2025-03-01, 2025-03-01T06:00 (both in the DAG's time zone) or 2025-03-01T06:00:00Z";

    private static Outcome Refuse(string error, bool noSchedule = false) => new([], default, default, 0, error, noSchedule);
}
