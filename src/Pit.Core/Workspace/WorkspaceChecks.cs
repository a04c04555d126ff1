using Pit.Core.Validation;

namespace Pit.Core.Workspace;

/// <summary>Checks that span projects: unique DAG names, known required DAGs, known pools.</summary>
internal static class WorkspaceChecks
{
    public static void Check(WorkspaceConfig config, IReadOnlyList<ProjectRead> projects)
    {
        var read = projects.Where(p => p.Source is not null).ToList();
        var byName = read.GroupBy(p => p.Source!.Dag.Name).ToDictionary(g => g.Key, g => g.ToList());

        foreach (var project in read)
        {
            var source = project.Source!;
            var dag = source.Dag;
            var errors = project.Errors;
            var sameName = byName[dag.Name];
            if (sameName.Count > 1)
            {
                var others = sameName.Where(p => p != project).Select(p => p.Source!.Dag.File);
                errors.Add(source.ErrorAt("dag", "name", $"DAG name '{dag.Name}' is also used by {string.Join(", ", others)}"));
            }
            foreach (var requirement in dag.Requires.Where(r => !byName.ContainsKey(r.Dag)))
            {
                var guess = Spelling.Closest(requirement.Dag, byName.Keys);
                errors.Add(source.ErrorAt("dag.requires", requirement.Dag,
                    $"requires DAG '{requirement.Dag}', which no project defines" + (guess is null ? "" : $" (did you mean '{guess}'?)")));
            }
            for (var i = 0; i < dag.Tasks.Count; i++)
            {
                if (dag.Tasks[i].Pool is { } pool && !config.Pools.ContainsKey(pool))
                {
                    var known = config.Pools.Count == 0
                        ? "no pools are defined in pit_config.toml [pools]"
                        : $"defined pools: {string.Join(", ", config.Pools.Keys)}";
                    errors.Add(source.ErrorAt($"tasks[{i}]", "pool", $"unknown pool '{pool}' ({known})"));
                }
            }
        }
    }
}
