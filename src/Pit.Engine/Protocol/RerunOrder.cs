namespace Pit.Engine.Protocol;

/// <summary>
/// Which tasks of an ended run a rerun runs again: <see cref="All"/> of them, the <see cref="Failed"/>
/// ones (every task that did not succeed) and their dependents, a task and everything downstream
/// of it (<see cref="From"/>), or exactly one <see cref="Task"/>.
/// </summary>
public enum RerunMode { All, Failed, From, Task }

/// <summary>A rerun asked for: of <paramref name="RunId"/>, in <paramref name="Mode"/>; <paramref name="Task"/> for <c>from</c> and <c>task</c>.</summary>
public sealed record RerunOrder(string RunId, RerunMode Mode, string? Task = null)
{
    /// <summary>The mode's name as the CLI, the API and the control channel write it.</summary>
    public static string NameOf(RerunMode mode) => mode.ToString().ToLowerInvariant();

    /// <summary>Every mode's name: <c>all, failed, from, task</c>.</summary>
    public static IReadOnlyList<string> ModeNames { get; } = Enum.GetValues<RerunMode>().Select(NameOf).ToList();

    public static bool TryParseMode(string? text, out RerunMode mode)
    {
        mode = RerunMode.All;
        foreach (var each in Enum.GetValues<RerunMode>())
        {
            if (NameOf(each) != text) continue;
            mode = each;
            return true;
        }
        return false;
    }

    /// <summary>Whether the mode needs a task (<c>from</c>, <c>task</c>) and has one, or needs none and has none; null when it fits, else why not.</summary>
    public string? Problem() => Mode switch
    {
        RerunMode.From or RerunMode.Task when string.IsNullOrEmpty(Task) => $"rerun mode '{NameOf(Mode)}' needs a task",
        RerunMode.All or RerunMode.Failed when Task is not null => $"rerun mode '{NameOf(Mode)}' takes no task (got '{Task}')",
        _ => null,
    };
}
