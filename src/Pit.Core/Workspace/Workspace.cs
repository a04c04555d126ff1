using Pit.Core.Dags;
using Pit.Core.Validation;

namespace Pit.Core.Workspace;

/// <summary>One project folder under <c>projects/</c> and what reading its pit.toml found.</summary>
public sealed record ProjectLoad(string Folder, string File, DagDefinition? Dag, IReadOnlyList<ConfigError> Errors)
{
    public bool IsValid => Dag is not null && Errors.Count == 0;
}

/// <summary>
/// A loaded workspace: its config and every project, valid or not. Loading never throws for bad
/// configuration; it reports every error so a running service can keep its last good catalog.
/// </summary>
public sealed record Workspace(string Root, WorkspaceConfig Config, IReadOnlyList<ConfigError> ConfigErrors, IReadOnlyList<ProjectLoad> Projects)
{
    public string ProjectsDir => Path.Combine(Root, WorkspaceLocator.ProjectsFolder);

    public IEnumerable<ConfigError> AllErrors => ConfigErrors.Concat(Projects.SelectMany(p => p.Errors));

    public bool IsValid => ConfigErrors.Count == 0 && Projects.All(p => p.IsValid);

    public IEnumerable<DagDefinition> ValidDags => Projects.Where(p => p.IsValid).Select(p => p.Dag!);

    public DagDefinition? FindDag(string name) => ValidDags.FirstOrDefault(d => d.Name == name);

    /// <summary>Every DAG name (the folder name for a project too broken to name its DAG), sorted.</summary>
    public IReadOnlyList<string> DagNames =>
        Projects.Select(p => p.Dag?.Name ?? p.Folder).Order(StringComparer.Ordinal).ToList();

    /// <summary>The project defining <paramref name="dag"/>, valid or not (a broken one by its folder name).</summary>
    public ProjectLoad? FindProject(string dag) =>
        Projects.FirstOrDefault(p => p.Dag?.Name == dag) ?? Projects.FirstOrDefault(p => p.Dag is null && p.Folder == dag);
}
