using Pit.Core.Workspace;

namespace Pit.Core.Tests.Workspace;

public sealed class WorkspaceReloadSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private void Claims(string schedule) =>
        _workspace.Project("claims", $"""
            [dag]
            name = "claims"
            schedule = "{schedule}"

            [[tasks]]
            name = "extract"
            script = "extract.sh"
            """, "extract.sh");

    private Pit.Core.Workspace.Workspace Load() => WorkspaceLoader.Load(_workspace.Root);

    [Fact]
    public void A_project_that_became_invalid_keeps_its_last_valid_version_and_says_why()
    {
        Claims("0 6 * * *");
        var current = Load();
        Claims("every day");

        var (next, errors) = WorkspaceReload.Merge(current, Load());

        Assert.Equal("0 6 * * *", next.FindDag("claims")!.Schedule!.Text);
        var error = Assert.Single(errors);
        Assert.StartsWith("claims: ", error);
        Assert.Contains("schedule", error);
        Assert.Contains("last valid version is kept", error);
    }

    [Fact]
    public void A_changed_valid_project_and_a_new_one_come_in_and_a_removed_one_goes()
    {
        Claims("0 6 * * *");
        _workspace.Project("old", "[dag]\nname = \"old\"\n\n[[tasks]]\nname = \"a\"\nscript = \"a.sh\"\n", "a.sh");
        var current = Load();
        Claims("0 7 * * *");
        Directory.Delete(_workspace.ProjectDir("old"), recursive: true);
        _workspace.Project("billing", "[dag]\nname = \"billing\"\n\n[[tasks]]\nname = \"a\"\nscript = \"a.sh\"\n", "a.sh");

        var (next, errors) = WorkspaceReload.Merge(current, Load());

        Assert.Empty(errors);
        Assert.Equal("0 7 * * *", next.FindDag("claims")!.Schedule!.Text);
        Assert.NotNull(next.FindDag("billing"));
        Assert.Null(next.FindProject("old"));
    }

    [Fact]
    public void An_invalid_pit_config_keeps_the_whole_workspace_in_use()
    {
        Claims("0 6 * * *");
        var current = Load();
        Claims("0 7 * * *");
        _workspace.Write("pit_config.toml", "max_active_runs = \"many\"\n");

        var (next, errors) = WorkspaceReload.Merge(current, Load());

        Assert.Same(current, next);
        Assert.Contains(errors, e => e.Contains("max_active_runs") && e.Contains("pit_config.toml is invalid"));
    }

    [Fact]
    public void A_new_project_that_is_invalid_is_listed_invalid_as_at_start()
    {
        Claims("0 6 * * *");
        var current = Load();
        _workspace.Write("projects/broken/pit.toml", "[dag]\nname = \"broken\"\nschedule = \"never\"\n");

        var (next, errors) = WorkspaceReload.Merge(current, Load());

        Assert.Empty(errors);
        Assert.False(next.FindProject("broken")!.IsValid);
    }
}
