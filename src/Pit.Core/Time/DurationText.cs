using System.Globalization;
using System.Text;

namespace Pit.Core.Time;

/// <summary>
/// Durations as people write them in pit.toml: <c>500ms</c>, <c>30s</c>, <c>45m</c>, <c>1h30m</c>,
/// <c>2d</c>. Units are d, h, m, s and ms, largest first, each at most once.
/// </summary>
public static class DurationText
{
    private static readonly (string Unit, TimeSpan Size)[] Units =
    [
        ("d", TimeSpan.FromDays(1)),
        ("h", TimeSpan.FromHours(1)),
        ("m", TimeSpan.FromMinutes(1)),
        ("s", TimeSpan.FromSeconds(1)),
        ("ms", TimeSpan.FromMilliseconds(1)),
    ];

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value, out var problem) ? value : throw new FormatException(problem);

    public static bool TryParse(string text, out TimeSpan value, out string problem)
    {
        value = TimeSpan.Zero;
        var s = text.Trim();
        if (s.Length == 0)
        {
            problem = "empty duration (write e.g. \"30s\", \"45m\", \"1h30m\")";
            return false;
        }
        var lastUnitIndex = -1;
        var i = 0;
        while (i < s.Length)
        {
            var digitsStart = i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            if (i == digitsStart)
            {
                value = TimeSpan.Zero;
                problem = $"invalid duration \"{text}\": expected a number at position {i + 1} (write e.g. \"30s\", \"45m\", \"1h30m\")";
                return false;
            }
            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetterLower(s[i])) i++;
            var unit = s[unitStart..i];
            if (unit.Length == 0)
            {
                value = TimeSpan.Zero;
                problem = $"invalid duration \"{text}\": missing unit after {s[digitsStart..i]} (use ms, s, m, h or d)";
                return false;
            }
            var unitIndex = Array.FindIndex(Units, u => u.Unit == unit);
            if (unitIndex < 0)
            {
                value = TimeSpan.Zero;
                problem = $"invalid duration \"{text}\": unknown unit \"{unit}\" (use ms, s, m, h or d)";
                return false;
            }
            if (unitIndex <= lastUnitIndex)
            {
                value = TimeSpan.Zero;
                problem = $"invalid duration \"{text}\": units must go from largest to smallest, each once";
                return false;
            }
            lastUnitIndex = unitIndex;
            if (!long.TryParse(s[digitsStart..unitStart], NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
                || amount > (TimeSpan.MaxValue.Ticks - value.Ticks) / Units[unitIndex].Size.Ticks)
            {
                value = TimeSpan.Zero;
                problem = $"invalid duration \"{text}\": number too large";
                return false;
            }
            value += TimeSpan.FromTicks(amount * Units[unitIndex].Size.Ticks);
        }
        problem = "";
        return true;
    }

    /// <summary>Writes a duration back in the same notation (<c>1h30m</c>; <c>0s</c> for zero).</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero) return "0s";
        var builder = new StringBuilder();
        var rest = value.Duration();
        foreach (var (unit, size) in Units)
        {
            var amount = rest.Ticks / size.Ticks;
            if (amount == 0) continue;
            builder.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
            rest -= TimeSpan.FromTicks(amount * size.Ticks);
        }
        return builder.ToString();
    }
}
