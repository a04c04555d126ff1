using System.Globalization;

namespace Pit.Engine.Persistence.ReadModels;

/// <summary>
/// Times in the read models: UTC, fixed width, to the tick (<c>2025-03-14T09:30:00.1250000Z</c>), so
/// that text order is time order and a time read back equals the one written.
/// </summary>
public static class DbTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Of(DateTimeOffset at) => at.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static string? Of(DateTimeOffset? at) => at is { } value ? Of(value) : null;

    public static DateTimeOffset Parse(string text) =>
        new(DateTime.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);

    public static DateTimeOffset? ParseOrNull(string? text) => text is null ? null : Parse(text);
}
