using Pit.Core.Toml;
using Pit.Core.Validation;

namespace Pit.Core.Dags;

/// <summary>Checks the task graph of one DAG: unique names, known dependencies, no cycles.</summary>
internal static class DagGraphCheck
{
    public static void Check(DagDefinition dag, IReadOnlyList<TomlSection> sections, ConfigErrorList errors)
    {
        var firstIndex = new Dictionary<string, int>();
        for (var i = 0; i < dag.Tasks.Count; i++)
        {
            var name = dag.Tasks[i].Name;
            if (name.Length == 0) continue;
            if (firstIndex.TryGetValue(name, out var first))
                sections[i].Error("name", $"duplicate task name '{name}' (first declared as {sections[first].Path})");
            else
                firstIndex[name] = i;
        }

        for (var i = 0; i < dag.Tasks.Count; i++)
        {
            var task = dag.Tasks[i];
            foreach (var repeated in task.DependsOn.GroupBy(d => d).Where(g => g.Count() > 1))
                sections[i].Error("depends_on", $"'{repeated.Key}' is listed {repeated.Count()} times in depends_on");
            foreach (var dependency in task.DependsOn.Distinct())
            {
                if (dependency == task.Name)
                    sections[i].Error("depends_on", $"task '{task.Name}' depends on itself");
                else if (!firstIndex.ContainsKey(dependency))
                {
                    var guess = Spelling.Closest(dependency, firstIndex.Keys);
                    sections[i].Error("depends_on", $"unknown task '{dependency}' in depends_on" + (guess is null ? "" : $" (did you mean '{guess}'?)"));
                }
            }
        }

        if (DagGraph.FindCycle(dag.Tasks) is { } cycle)
        {
            var at = firstIndex.TryGetValue(cycle[0], out var index) ? sections[index] : null;
            var message = $"dependency cycle: {string.Join(" → ", cycle)}";
            if (at is not null) at.Error("depends_on", message);
            else errors.Add(new ConfigError(dag.File, 0, 0, "tasks", message));
        }
    }
}
