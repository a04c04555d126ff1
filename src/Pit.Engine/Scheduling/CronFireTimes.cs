using Pit.Core.Time;

namespace Pit.Engine.Scheduling;

/// <summary>
/// When a DAG's cron schedule fires, in the DAG's time zone (daylight-saving transitions are
/// handled by <see cref="CronSchedule"/>). Pure: "now" is always given.
/// </summary>
public static class CronFireTimes
{
    /// <summary>The first occurrence strictly after <paramref name="now"/>; null if the schedule never fires again.</summary>
    public static DateTimeOffset? First(CronSchedule schedule, TimeZoneInfo zone, DateTimeOffset now) =>
        schedule.NextAfter(now, zone);

    /// <summary>
    /// The occurrence to wait for once <paramref name="fired"/> has fired at <paramref name="now"/>: the
    /// next one strictly after <paramref name="fired"/>, so no occurrence fires twice however slow
    /// the fire was. When the fire came so late that later occurrences have passed too, the latest
    /// of them is due at once and <c>Missed</c> counts the earlier ones, which do not fire (catching
    /// up on missed occurrences is the DAG's <c>catchup</c> policy, not yet applied here).
    /// </summary>
    public static (DateTimeOffset? Next, int Missed) AfterFire(CronSchedule schedule, TimeZoneInfo zone, DateTimeOffset fired, DateTimeOffset now)
    {
        if (now < fired) now = fired;
        DateTimeOffset? latestDue = null;
        var due = 0;
        foreach (var occurrence in schedule.Between(fired, now, zone))
        {
            latestDue = occurrence;
            due++;
        }
        return latestDue is { } late ? (late, due - 1) : (schedule.NextAfter(fired, zone), 0);
    }

    /// <summary>
    /// The occurrences in [<paramref name="from"/>, <paramref name="to"/>] (both ends included), oldest
    /// first, at most <paramref name="limit"/> of them (a backfill's range).
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> Within(CronSchedule schedule, TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to, int limit)
    {
        var found = new List<DateTimeOffset>();
        // Occurrences fall on whole seconds at the finest: one tick earlier makes "strictly after" include from.
        foreach (var occurrence in schedule.Between(from.AddTicks(-1), to, zone))
        {
            if (found.Count == limit) break;
            found.Add(occurrence);
        }
        return found;
    }

    /// <summary>
    /// <paramref name="count"/> occurrences from <paramref name="first"/> on (itself included, when given),
    /// else from the first after <paramref name="now"/>; fewer when the schedule ends.
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> Upcoming(CronSchedule schedule, TimeZoneInfo zone, DateTimeOffset? first, DateTimeOffset now, int count)
    {
        var next = new List<DateTimeOffset>(count);
        var occurrence = first ?? First(schedule, zone, now);
        while (occurrence is { } at && next.Count < count)
        {
            next.Add(at);
            occurrence = schedule.NextAfter(at, zone);
        }
        return next;
    }
}
