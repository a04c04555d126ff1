using Pit.Core.Workspace;

namespace Pit.Core.Scaffolding;

/// <summary>
/// Creates <c>projects/&lt;name&gt;/</c> with the layout the project type needs (what
/// <c>pit init</c> does). The result validates as it is.
/// </summary>
public static class ProjectScaffolder
{
    public const string NameRule = "lowercase letters, digits and '_', starting with a letter (e.g. claims_pipeline)";

    public static bool IsValidName(string name) =>
        name.Length > 0 && char.IsAsciiLetterLower(name[0])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    /// <summary>Writes the project and returns the files created, relative to the workspace root.</summary>
    public static IReadOnlyList<string> Create(string workspaceRoot, string name, ProjectType type)
    {
        if (!IsValidName(name))
            throw new ScaffoldException($"'{name}' is not a valid project name: use {NameRule}");
        var projectDir = Path.Combine(workspaceRoot, WorkspaceLocator.ProjectsFolder, name);
        if (Directory.Exists(projectDir) || File.Exists(projectDir))
            throw new ScaffoldException($"{Path.Combine(WorkspaceLocator.ProjectsFolder, name)} already exists; choose another name or remove it first");

        var files = ProjectTemplates.For(name, type);
        var created = new List<string>();
        foreach (var (relative, content) in files)
        {
            var path = Path.Combine(projectDir, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
            if (relative.EndsWith(".sh", StringComparison.Ordinal) && !OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            created.Add(Path.GetRelativePath(workspaceRoot, path));
        }
        return created;
    }
}

public sealed class ScaffoldException(string message) : Exception(message);
