using System.Text.RegularExpressions;

namespace Pit.Core.Dags;

/// <summary>What DAG and task names may contain: they become folder, file and log names.</summary>
public static partial class Names
{
    public const string Rule = "letters, digits, '_' and '-', starting with a letter, digit or '_'";

    public static bool IsValid(string name) => ValidName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_-]*$")]
    private static partial Regex ValidName();
}
