using Akka.Actor;
using Pit.Core.Dags;
using Pit.Core.Workspace;
using Pit.Engine.Protocol;

namespace Pit.Engine.Actors;

/// <summary>Holds the loaded workspace and answers which DAGs exist and whether they are valid.</summary>
public sealed class ProjectCatalogActor : ReceiveActor
{
    public ProjectCatalogActor(Workspace workspace)
    {
        Receive<CatalogQueries.GetDag>(query =>
        {
            var known = workspace.DagNames;
            var project = workspace.FindProject(query.Name);
            if (project is null)
            {
                Sender.Tell(new CatalogQueries.DagLookup(query.Name, null, [], known));
                return;
            }
            var errors = ErrorsOf(workspace, project);
            Sender.Tell(new CatalogQueries.DagLookup(query.Name, errors.Count == 0 ? project.Dag : null, errors, known));
        });
        Receive<CatalogQueries.ListDags>(_ => Sender.Tell(List(workspace)));
    }

    public static Props Props(Workspace workspace) => Akka.Actor.Props.Create(() => new ProjectCatalogActor(workspace));

    /// <summary>The valid DAGs by name, and each invalid project with its first error (the same verdict as <see cref="CatalogQueries.GetDag"/>).</summary>
    private static CatalogQueries.DagList List(Workspace workspace)
    {
        var valid = new List<DagDefinition>();
        var invalid = new List<string>();
        foreach (var project in workspace.Projects.OrderBy(p => p.Folder, StringComparer.Ordinal))
        {
            var errors = ErrorsOf(workspace, project);
            if (errors.Count == 0 && project.Dag is { } dag) valid.Add(dag);
            else invalid.Add($"{project.Folder}: {(errors.Count > 0 ? errors[0] : "its pit.toml defines no DAG")}");
        }
        return new CatalogQueries.DagList(valid.OrderBy(d => d.Name, StringComparer.Ordinal).ToList(), invalid);
    }

    /// <summary>The workspace's own errors (pit_config.toml) make every project invalid, then the project's.</summary>
    private static List<string> ErrorsOf(Workspace workspace, ProjectLoad project) =>
        workspace.ConfigErrors.Concat(project.Errors).Select(e => e.ToString()).ToList();
}
