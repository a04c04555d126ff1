namespace Pit.Core.Workspace;

/// <summary>
/// A running service's reload: the workspace read from disk again, merged with the one in use so
/// that nothing good is lost. A project whose pit.toml became invalid keeps its last valid
/// version; new and fixed projects come in; removed ones go. An invalid pit_config.toml keeps the
/// whole workspace in use. The configuration itself stays the one read at start (it shapes the
/// actor system); only the projects change. Pure.
/// </summary>
public static class WorkspaceReload
{
    /// <returns>The workspace to use from now on, and what did not validate, as <c>folder: error</c> lines.</returns>
    public static (Workspace Next, IReadOnlyList<string> Errors) Merge(Workspace current, Workspace loaded)
    {
        if (loaded.ConfigErrors.Count > 0)
            return (current, loaded.ConfigErrors.Select(e => $"{e} (pit_config.toml is invalid: the catalog in use is kept)").ToList());

        var previous = current.Projects.Where(p => p.IsValid).ToDictionary(p => p.Folder, StringComparer.Ordinal);
        var errors = new List<string>();
        var projects = new List<ProjectLoad>();
        foreach (var project in loaded.Projects)
        {
            if (project.IsValid || !previous.TryGetValue(project.Folder, out var good))
            {
                projects.Add(project);
                continue;
            }
            projects.Add(good);
            var first = project.Errors.Count > 0 ? project.Errors[0].ToString() : "its pit.toml defines no DAG";
            errors.Add($"{project.Folder}: {first} (the last valid version is kept)");
        }
        return (current with { ConfigErrors = [], Projects = projects }, errors);
    }
}
