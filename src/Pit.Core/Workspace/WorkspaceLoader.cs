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

        var projects = ReadAll(folders);
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

    /// <summary>
    /// Reads the projects on one thread per core. Plain threads rather than Parallel.For: in a
    /// short-lived CLI the thread pool has not grown yet, and `pit validate` must start fast.
    /// </summary>
    private static ProjectRead[] ReadAll(string[] folders)
    {
        var projects = new ProjectRead[folders.Length];
        var next = -1;
        void Work()
        {
            for (var i = Interlocked.Increment(ref next); i < folders.Length; i = Interlocked.Increment(ref next))
            {
                var errors = new ConfigErrorList();
                projects[i] = new ProjectRead(PitTomlReader.Read(folders[i], errors), errors);
            }
        }

        var helpers = Enumerable.Range(0, Math.Min(Environment.ProcessorCount, folders.Length / 16 + 1) - 1)
            .Select(_ => new Thread(Work) { IsBackground = true })
            .ToList();
        helpers.ForEach(t => t.Start());
        Work();
        helpers.ForEach(t => t.Join());
        return projects;
    }
}

internal sealed record ProjectRead(DagSource? Source, ConfigErrorList Errors);
