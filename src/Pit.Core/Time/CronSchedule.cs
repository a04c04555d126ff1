using Cronos;

namespace Pit.Core.Time;

/// <summary>
/// A DAG's cron schedule: 5 fields (minute precision), 6 fields (with seconds first) or a macro
/// (<c>@hourly</c>, <c>@daily</c>, <c>@weekly</c>, <c>@monthly</c>, <c>@yearly</c>), evaluated in
/// the DAG's time zone with daylight-saving transitions handled by Cronos.
/// </summary>
public sealed class CronSchedule
{
    private readonly CronExpression _expression;

    private CronSchedule(string text, CronExpression expression, bool hasSeconds)
    {
        Text = text;
        _expression = expression;
        HasSeconds = hasSeconds;
    }

    public string Text { get; }

    public bool HasSeconds { get; }

    public static CronSchedule Parse(string text) =>
        TryParse(text, out var schedule, out var problem) ? schedule! : throw new FormatException(problem);

    public static bool TryParse(string text, out CronSchedule? schedule, out string problem)
    {
        schedule = null;
        var trimmed = text.Trim();
        var fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var isMacro = trimmed.StartsWith('@');
        if (!isMacro && fields.Length is not (5 or 6))
        {
            problem = $"invalid cron \"{text}\": expected 5 fields (minute hour day month weekday), 6 with seconds first, or a macro such as @daily; got {fields.Length}";
            return false;
        }
        var hasSeconds = !isMacro && fields.Length == 6;
        try
        {
            var expression = CronExpression.Parse(string.Join(' ', fields), hasSeconds ? CronFormat.IncludeSeconds : CronFormat.Standard);
            schedule = new CronSchedule(trimmed, expression, hasSeconds);
            problem = "";
            return true;
        }
        catch (CronFormatException ex)
        {
            problem = $"invalid cron \"{text}\": {ex.Message}";
            return false;
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null if there is none.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after, TimeZoneInfo zone) =>
        _expression.GetNextOccurrence(after, zone, inclusive: false);

    /// <summary>Every occurrence in (<paramref name="from"/>, <paramref name="to"/>].</summary>
    public IEnumerable<DateTimeOffset> Between(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone) =>
        _expression.GetOccurrences(from, to, zone, fromInclusive: false, toInclusive: true);

    public override string ToString() => Text;
}
