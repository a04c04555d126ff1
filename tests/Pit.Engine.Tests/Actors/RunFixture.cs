using Pit.Core.Dags;
using Pit.Core.Validation;
using Pit.Core.Workspace;
using Pit.Engine.Protocol;
using Pit.Engine.Runs;

namespace Pit.Engine.Tests.Actors;

/// <summary>A real project folder with a pit.toml, read into a DAG, for DagRun specs.</summary>
public sealed class RunFixture : IDisposable
{
    public RunFixture(string pitToml)
    {
        Root = Path.Combine(Path.GetTempPath(), "pit-engine-" + Guid.NewGuid().ToString("N")[..12]);
        var project = Path.Combine(Root, "projects", "demo");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "pit.toml"), pitToml);
        File.WriteAllText(Path.Combine(project, "task.sh"), "true\n");
        var errors = new ConfigErrorList();
        Dag = PitTomlReader.Read(project, errors)!.Dag;
        Assert.True(errors.Count == 0, string.Join("\n", errors.Items));
    }

    public string Root { get; }

    public DagDefinition Dag { get; }

    public RunEnvironment Environment(FakeExecutor executor) =>
        new(Root, WorkspaceConfig.Defaults(Root), executor);

    public DagRunCommands.StartRun Start(string runId) => new(
        runId,
        Dag,
        Dag.Tasks.Select(t => new RunEvents.PlannedTask(t.Name, t.DependsOn)).ToList(),
        "manual",
        new Dictionary<string, string>());

    public string RunsDir => Path.Combine(Root, "runs");

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }

    /// <summary>A pit.toml with one [[tasks]] entry per line of <paramref name="tasks"/> (TOML key/values separated by ';').</summary>
    public static string Toml(string dagExtra, params string[] tasks) =>
        "[dag]\nname = \"demo\"\n" + dagExtra + "\n" +
        string.Concat(tasks.Select(t => "\n[[tasks]]\nscript = \"task.sh\"\n" + t.Replace("; ", "\n") + "\n"));
}
