using Akka.Actor;
using Pit.Core.Workspace;
using Pit.Engine.Actors;
using Pit.Engine.Protocol;

namespace Pit.Engine.Tests.Actors;

/// <summary>The catalog on a real workspace folder: reloads by command and, when it watches, on a changed pit.toml.</summary>
public sealed class ProjectCatalogActorSpecs : Akka.TestKit.Xunit2.TestKit, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "pit-catalog-specs-" + Guid.NewGuid().ToString("N")[..12]);

    public ProjectCatalogActorSpecs() => Directory.CreateDirectory(Path.Combine(_root, "projects"));

    void IDisposable.Dispose()
    {
        Shutdown();
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
    }

    private void Project(string name, string schedule, params string[] tasks)
    {
        var dir = Path.Combine(_root, "projects", name);
        Directory.CreateDirectory(dir);
        var text = $"[dag]\nname = \"{name}\"\nschedule = \"{schedule}\"\n";
        foreach (var task in tasks)
        {
            File.WriteAllText(Path.Combine(dir, task + ".sh"), "true\n");
            text += $"\n[[tasks]]\nname = \"{task}\"\nscript = \"{task}.sh\"\n";
        }
        File.WriteAllText(Path.Combine(dir, "pit.toml"), text);
    }

    private IActorRef Catalog(bool watch = false) =>
        Sys.ActorOf(ProjectCatalogActor.Props(WorkspaceLoader.Load(_root), watch));

    private CatalogQueries.DagList List(IActorRef catalog)
    {
        catalog.Tell(new CatalogQueries.ListDags());
        return ExpectMsg<CatalogQueries.DagList>();
    }

    [Fact]
    public void A_reload_swaps_in_a_changed_project_and_tells_the_event_stream()
    {
        Project("claims", "0 6 * * *", "extract");
        var catalog = Catalog();
        var stream = CreateTestProbe();
        Sys.EventStream.Subscribe(stream.Ref, typeof(CatalogCommands.Reloaded));
        Project("claims", "0 7 * * *", "extract", "load");
        Project("billing", "0 8 * * *", "bill");

        catalog.Tell(new CatalogCommands.Reload("spec"));

        var reloaded = ExpectMsg<CatalogCommands.Reloaded>();
        Assert.Equal(2, reloaded.Dags);
        Assert.Empty(reloaded.Errors);
        Assert.Equal(reloaded, stream.ExpectMsg<CatalogCommands.Reloaded>());
        var list = List(catalog);
        Assert.Equal(["billing", "claims"], list.Dags.Select(d => d.Name));
        Assert.Equal(["extract", "load"], list.Dags.Single(d => d.Name == "claims").Tasks.Select(t => t.Name));
    }

    [Fact]
    public void A_broken_pit_toml_keeps_the_last_good_dag_and_reports_the_error_until_it_is_fixed()
    {
        Project("claims", "0 6 * * *", "extract");
        var catalog = Catalog();
        File.AppendAllText(Path.Combine(_root, "projects", "claims", "pit.toml"), "\n[[tasks]]\nname = \"load\"\nscript = \"missing.sh\"\n");

        catalog.Tell(new CatalogCommands.Reload("spec"));

        var reloaded = ExpectMsg<CatalogCommands.Reloaded>();
        var error = Assert.Single(reloaded.Errors);
        Assert.Contains("missing.sh", error);
        catalog.Tell(new CatalogQueries.GetDag("claims"));
        var kept = ExpectMsg<CatalogQueries.DagLookup>().Dag;
        Assert.Equal(["extract"], kept!.Tasks.Select(t => t.Name));
        Assert.Equal(reloaded.Errors, List(catalog).ReloadErrors);

        Project("claims", "0 6 * * *", "extract", "load");
        catalog.Tell(new CatalogCommands.Reload("spec"));
        Assert.Empty(ExpectMsg<CatalogCommands.Reloaded>().Errors);
        Assert.Empty(List(catalog).ReloadErrors);
    }

    [Fact]
    public void A_watching_catalog_reloads_by_itself_when_a_pit_toml_changes()
    {
        Project("claims", "0 6 * * *", "extract");
        var stream = CreateTestProbe();
        Sys.EventStream.Subscribe(stream.Ref, typeof(CatalogCommands.Reloaded));
        var catalog = Catalog(watch: true);
        // The watcher is started in PreStart: once the catalog answers, it watches.
        List(catalog);

        Project("claims", "0 9 * * *", "extract");

        stream.ExpectMsg<CatalogCommands.Reloaded>(TimeSpan.FromSeconds(10));
        Assert.Equal("0 9 * * *", List(catalog).Dags.Single().Schedule!.Text);
    }
}
