using Pit.Core.Dags;
using Pit.Core.Time;

namespace Pit.Engine.Scheduling;

/// <summary>
/// Which occurrences a schedule missed while Pit was down, and which of them fire now, by the
/// DAG's <c>catchup</c> policy: <c>none</c> fires none, <c>latest</c> the latest, <c>all</c> every
/// one within <c>catchup_window</c> (all of them without a window), oldest first, at most
/// <c>limit</c> (the latest ones). Pure: "now" is given. However long Pit was down, it looks at
/// no more than <see cref="Counted"/> occurrences.
/// </summary>
public static class CatchupPlan
{
    /// <summary>Missed occurrences beyond this many are not counted (an every-second schedule down for a month).</summary>
    public const int Counted = 100_000;

    /// <param name="since">The last occurrence that fired (or the DAG's resume, if later): only occurrences after it are missed.</param>
    /// <returns>The occurrences to fire now, oldest first, and how many missed ones do not fire (at most <see cref="Counted"/>).</returns>
    public static (IReadOnlyList<DateTimeOffset> Fire, int Skipped) Missed(
        CronSchedule schedule, TimeZoneInfo zone, CatchupPolicy policy, TimeSpan? window,
        DateTimeOffset since, DateTimeOffset now, int limit)
    {
        if (now <= since) return ([], 0);
        var missed = schedule.Between(since, now, zone).Take(Counted).Count();
        if (missed == 0) return ([], 0);
        IReadOnlyList<DateTimeOffset> fire = policy switch
        {
            CatchupPolicy.Latest => LatestBetween(schedule, zone, since, now, 1),
            CatchupPolicy.All => LatestBetween(schedule, zone, window is { } w && now - w > since ? now - w : since, now, Math.Max(limit, 0)),
            _ => [],
        };
        return (fire, Math.Max(missed - fire.Count, 0));
    }

    /// <summary>The latest <paramref name="count"/> occurrences in (<paramref name="since"/>, <paramref name="now"/>], oldest first, looking back from now in growing steps.</summary>
    private static IReadOnlyList<DateTimeOffset> LatestBetween(CronSchedule schedule, TimeZoneInfo zone, DateTimeOffset since, DateTimeOffset now, int count)
    {
        if (count == 0) return [];
        var span = TimeSpan.FromMinutes(10);
        while (true)
        {
            var from = now - since > span ? now - span : since;
            var found = schedule.Between(from, now, zone).TakeLast(count).ToList();
            if (found.Count >= count || from == since) return found;
            span *= 8;
        }
    }
}
