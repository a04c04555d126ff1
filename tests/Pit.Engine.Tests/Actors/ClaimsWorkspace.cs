using Pit.Core.Dags;
using Pit.Core.Workspace;

namespace Pit.Engine.Tests.Actors;

/// <summary>An in-memory workspace at <c>root</c> of one DAG, <c>claims</c>, of one bash task, <c>extract</c>: what the Scheduler's specs trigger.</summary>
public static class ClaimsWorkspace
{
    public static Workspace Of(string root, OverlapPolicy overlap = OverlapPolicy.Skip)
    {
        var dag = new DagDefinition
        {
            Name = "claims",
            ProjectDir = $"{root}/projects/claims",
            File = $"{root}/projects/claims/pit.toml",
            Overlap = overlap,
            Tasks = [new TaskDefinition { Name = "extract", Script = "extract.sh", Runner = TaskRunner.Bash }],
        };
        return new Workspace(root, WorkspaceConfig.Defaults(root), [], [new ProjectLoad("claims", dag.File, dag, [])]);
    }
}
