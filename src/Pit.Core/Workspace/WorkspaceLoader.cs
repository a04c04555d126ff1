using Pit.Core.Dags;
using Pit.Core.Validation;

namespace Pit.Core.Workspace;

/// <summary>Loads and validates a whole workspace: pit_config.toml and every projects/*/pit.toml.</summary>
public static class WorkspaceLoader
{
    public static Workspace Load(string root)
    {
        root = Path.GetFullPath(root);
        var configErrors = new ConfigErrorList();
        var config = WorkspaceConfigReader.Read(root, configErrors);

        var projectsDir = Path.Combine(root, WorkspaceLocator.ProjectsFolder);
        var folders = Directory.Exists(projectsDir)
            ? Directory.GetDirectories(projectsDir)
                .Where(d => File.Exists(Path.Combine(d, PitTomlReader.FileName)))
                .Order(StringComparer.Ordinal)
                .ToArray()
            : [];

        var projects = new ProjectRead[folders.Length];
        Parallel.For(0, folders.Length, i =>
        {
            var errors = new ConfigErrorList();
            projects[i] = new ProjectRead(PitTomlReader.Read(folders[i], errors), errors);
        });

        WorkspaceChecks.Check(config, projects);
        var loads = folders
            .Select((folder, i) => new ProjectLoad(
                Path.GetFileName(folder),
                Path.Combine(folder, PitTomlReader.FileName),
                projects[i].Source?.Dag,
                projects[i].Errors.Items.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList()))
            .ToList();
        return new Workspace(root, config, configErrors.Items, loads);
    }
}

internal sealed record ProjectRead(DagSource? Source, ConfigErrorList Errors);
