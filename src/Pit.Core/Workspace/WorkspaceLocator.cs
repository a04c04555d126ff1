namespace Pit.Core.Workspace;

/// <summary>
/// Finds the workspace root: the folder given by <c>--project-dir</c>, or else the first folder
/// holding <c>projects/</c> walking up from the current one (so Pit works from inside a project).
/// </summary>
public static class WorkspaceLocator
{
    public const string ProjectsFolder = "projects";

    public static string Find(string? projectDir, string currentDir)
    {
        if (projectDir is not null)
        {
            var root = Path.GetFullPath(projectDir, currentDir);
            if (!Directory.Exists(root))
                throw new WorkspaceNotFoundException($"--project-dir '{projectDir}' does not exist");
            if (!Directory.Exists(Path.Combine(root, ProjectsFolder)))
                throw new WorkspaceNotFoundException($"--project-dir '{projectDir}' has no {ProjectsFolder}/ folder; a workspace is a folder holding {ProjectsFolder}/<name>/pit.toml");
            return root;
        }
        for (var dir = new DirectoryInfo(Path.GetFullPath(currentDir)); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, ProjectsFolder))) return dir.FullName;
        }
        throw new WorkspaceNotFoundException(
            $"no workspace found: neither {currentDir} nor any folder above it holds a {ProjectsFolder}/ folder (use --project-dir, or create one with `pit init <name>`)");
    }

    /// <summary>The project folder name when <paramref name="currentDir"/> is inside <c>projects/&lt;name&gt;</c>.</summary>
    public static string? CurrentProject(string root, string currentDir)
    {
        var relative = Path.GetRelativePath(Path.Combine(root, ProjectsFolder), Path.GetFullPath(currentDir));
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)) return null;
        return relative.Split(Path.DirectorySeparatorChar)[0];
    }
}

public sealed class WorkspaceNotFoundException(string message) : Exception(message);
