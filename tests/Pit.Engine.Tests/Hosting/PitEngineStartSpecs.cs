using Pit.Core.Workspace;
using Pit.Engine.Control;
using Pit.Engine.Hosting;

namespace Pit.Engine.Tests.Hosting;

/// <summary>What a started engine promises before its first command: its actors' control palettes are there.</summary>
public sealed class PitEngineStartSpecs : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "pit-start-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task Once_started_the_service_has_the_dag_scheduler_and_run_palettes_of_its_actors()
    {
        Directory.CreateDirectory(Path.Combine(_root, "projects", "ok"));
        File.WriteAllText(Path.Combine(_root, "pit_config.toml"), "");
        File.WriteAllText(Path.Combine(_root, "projects", "ok", "work.sh"), "true\n");
        File.WriteAllText(Path.Combine(_root, "projects", "ok", "pit.toml"), "[dag]\nname = \"ok\"\n\n[[tasks]]\nscript = \"work.sh\"\n");
        var workspace = WorkspaceLoader.Load(_root);

        await using var engine = await PitEngine.StartServiceAsync(workspace);

        var palettes = ControlPalettes.For(engine.System);
        Assert.All(new[] { "dag", "scheduler", "run" }, name => Assert.NotNull(palettes.Find(name)));
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }
}
