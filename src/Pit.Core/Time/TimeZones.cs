namespace Pit.Core.Time;

/// <summary>Looks up IANA time zone ids (<c>Europe/London</c>, <c>UTC</c>).</summary>
public static class TimeZones
{
    public static bool TryFind(string id, out TimeZoneInfo zone)
    {
        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found))
        {
            zone = found;
            return true;
        }
        zone = TimeZoneInfo.Utc;
        return false;
    }

    /// <summary>The machine's zone, used when a DAG names none.</summary>
    public static TimeZoneInfo Local => TimeZoneInfo.Local;
}
