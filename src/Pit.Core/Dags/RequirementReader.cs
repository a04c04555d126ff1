using Pit.Core.Toml;

namespace Pit.Core.Dags;

/// <summary>Reads <c>[dag.requires]</c>: one entry per upstream DAG.</summary>
internal static class RequirementReader
{
    private static readonly string[] Keys = ["max_age", "condition", "window"];

    private static readonly Dictionary<string, RequirementCondition> Conditions = new()
    {
        ["last_success"] = RequirementCondition.LastSuccess,
        ["last_complete"] = RequirementCondition.LastComplete,
        ["within_window"] = RequirementCondition.WithinWindow,
    };

    public static IReadOnlyList<DagRequirement> Read(TomlSection requires)
    {
        var result = new List<DagRequirement>();
        foreach (var dag in requires.Keys)
        {
            var entry = requires.Table(dag);
            if (entry is null) continue;
            entry.RejectUnknownKeys(Keys);
            var maxAge = entry.PositiveDuration("max_age");
            var window = entry.PositiveDuration("window");
            var condition = entry.Choice("condition", Conditions) ?? RequirementCondition.LastSuccess;
            if (condition == RequirementCondition.WithinWindow && window is null && !entry.Has("window"))
                entry.ErrorHere("condition \"within_window\" needs a window, e.g. window = \"6h\"");
            if (!entry.Has("max_age") && !entry.Has("condition"))
                entry.ErrorHere("give max_age (e.g. { max_age = \"24h\" }) or a condition");
            result.Add(new DagRequirement(dag, condition, maxAge, window));
        }
        return result;
    }
}
