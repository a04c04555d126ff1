using Akka.Actor;
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
            var errors = workspace.ConfigErrors.Concat(project.Errors).Select(e => e.ToString()).ToList();
            Sender.Tell(new CatalogQueries.DagLookup(query.Name, errors.Count == 0 ? project.Dag : null, errors, known));
        });
    }

    public static Props Props(Workspace workspace) => Akka.Actor.Props.Create(() => new ProjectCatalogActor(workspace));
}
