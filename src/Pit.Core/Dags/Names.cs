namespace Pit.Core.Dags;

/// <summary>What DAG and task names may contain: they become folder, file and log names.</summary>
public static class Names
{
    public const string Rule = "letters, digits, '_' and '-', starting with a letter, digit or '_'";

    // A plain loop, not a Regex: building the Regex engine costs milliseconds at start-up.
    public static bool IsValid(string name)
    {
        if (name.Length == 0 || name[0] == '-') return false;
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-') return false;
        }
        return true;
    }
}
