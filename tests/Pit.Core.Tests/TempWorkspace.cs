using Pit.Core.Dags;
using Pit.Core.Validation;

namespace Pit.Core.Tests;

/// <summary>
/// A real workspace folder under the system temp folder: write pit.toml files, scripts and
/// pit_config.toml, read them back with the real readers, and delete everything on Dispose.
/// </summary>
public sealed class TempWorkspace : IDisposable
{
    public TempWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "pit-core-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "projects"));
    }

    public string Root { get; }

    public string ProjectsDir => Path.Combine(Root, "projects");

    public string ProjectDir(string folder) => Path.Combine(ProjectsDir, folder);

    /// <summary>Writes a file at a path relative to the workspace root, creating folders.</summary>
    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Writes <c>projects/&lt;folder&gt;/pit.toml</c> and an empty file for each script.</summary>
    public string Project(string folder, string pitToml, params string[] scripts)
    {
        Write(Path.Combine("projects", folder, "pit.toml"), pitToml);
        foreach (var script in scripts) Write(Path.Combine("projects", folder, script), "");
        return ProjectDir(folder);
    }

    public void Config(string pitConfigToml) => Write("pit_config.toml", pitConfigToml);

    /// <summary>Writes a project and reads its pit.toml with <see cref="PitTomlReader"/>.</summary>
    public DagRead Read(string folder, string pitToml, params string[] scripts)
    {
        Project(folder, pitToml, scripts);
        return ReadExisting(folder);
    }

    public DagRead ReadExisting(string folder)
    {
        var errors = new ConfigErrorList();
        var source = PitTomlReader.Read(ProjectDir(folder), errors);
        return new DagRead(source?.Dag, errors.Items, Path.Combine(ProjectDir(folder), "pit.toml"));
    }

    public Pit.Core.Workspace.Workspace Load() => Pit.Core.Workspace.WorkspaceLoader.Load(Root);

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail a test.
        }
    }
}

/// <summary>What reading one pit.toml produced.</summary>
public sealed record DagRead(DagDefinition? Dag, IReadOnlyList<ConfigError> Errors, string File)
{
    public DagDefinition Valid()
    {
        Assert.True(Errors.Count == 0, "expected no errors, got:\n" + string.Join("\n", Errors));
        Assert.NotNull(Dag);
        return Dag;
    }

    /// <summary>Asserts exactly one error names <paramref name="field"/> and returns it.</summary>
    public ConfigError ErrorOn(string field) => ConfigErrors.Single(Errors, field);
}

public static class ConfigErrors
{
    public static ConfigError Single(IEnumerable<ConfigError> errors, string field)
    {
        var all = errors.ToList();
        var matching = all.Where(e => e.Field == field).ToList();
        Assert.True(matching.Count == 1,
            $"expected one error on '{field}', got {matching.Count}; all errors:\n" + string.Join("\n", all));
        return matching[0];
    }

    /// <summary>Asserts the error's place and that its message contains <paramref name="fragment"/>.</summary>
    public static void At(this ConfigError error, string file, int line, int column, string fragment)
    {
        Assert.Equal(file, error.File);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(fragment, error.Message);
    }
}
