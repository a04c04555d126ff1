using System.Globalization;
using Pit.Cli.Output;

namespace Pit.Cli.Top;

/// <summary>How <c>pit top</c> writes times, durations and progress: local times as the other commands print them.</summary>
public sealed class TopFormat(TimeZoneInfo zone)
{
    public static readonly TopFormat Local = new(TimeZoneInfo.Local);

    public string Time(DateTimeOffset? time) =>
        time is { } t ? TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "-";

    public string Clock(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, zone).ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Seconds(double? seconds) => seconds is { } s ? RunProgress.Seconds(TimeSpan.FromSeconds(Math.Max(0, s))) : "-";

    /// <summary>How long an active run has been going: from its start to <paramref name="now"/>.</summary>
    public static string Elapsed(DateTimeOffset? started, DateTimeOffset now) =>
        started is { } s ? Seconds((now - s).TotalSeconds) : "-";

    /// <summary><c>█████░░░░░ 3/6</c>: tasks done of all, as a bar of <paramref name="width"/> cells.</summary>
    public static string Progress(int done, int total, int width = 10)
    {
        if (total <= 0) return "-";
        var filled = (int)Math.Round(width * Math.Clamp((double)done / total, 0, 1));
        return new string('█', filled) + new string('░', width - filled) + $" {done}/{total}";
    }
}
