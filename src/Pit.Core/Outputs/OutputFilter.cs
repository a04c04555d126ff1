using System.Text.RegularExpressions;

namespace Pit.Core.Outputs;

/// <summary>
/// Filters for <c>pit outputs</c>: project (DAG or folder name), type, and a location glob where
/// <c>*</c> matches any run of characters and <c>?</c> one; all case-insensitive.
/// </summary>
public sealed class OutputFilter(string? project, string? type, string? locationGlob)
{
    private readonly Regex? _location = locationGlob is null ? null : GlobToRegex(locationGlob);

    public bool IsEmpty => project is null && type is null && locationGlob is null;

    public bool Matches(OutputEntry entry) =>
        (project is null || Same(entry.Project, project) || Same(entry.Folder, project))
        && (type is null || Same(entry.Output.Type, type))
        && (_location is null || (entry.Output.Location is { } location && _location.IsMatch(location)));

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static Regex GlobToRegex(string glob)
    {
        var pattern = "^" + Regex.Escape(glob).Replace(@"\*", ".*").Replace(@"\?", ".") + "$";
        return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }
}
