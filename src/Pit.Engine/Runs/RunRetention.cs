using Pit.Core.Dags;

namespace Pit.Engine.Runs;

/// <summary>After a run: deletes the run sub-folders that <c>keep_artifacts</c> does not keep.</summary>
public static class RunRetention
{
    /// <param name="keep">The DAG's keep_artifacts if set, else the workspace's (default: all).</param>
    public static void Apply(RunPaths paths, IReadOnlyList<RunArtifact> keep)
    {
        if (!keep.Contains(RunArtifact.Project)) Delete(paths.Project);
        if (!keep.Contains(RunArtifact.Data)) Delete(paths.Data);
        if (!keep.Contains(RunArtifact.Logs)) Delete(paths.Logs);
    }

    private static void Delete(string folder)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
