namespace Pit.Core.Tests.Workspace;

public sealed class WorkspaceLoaderSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private void SimpleProject(string folder, string name) =>
        _workspace.Project(folder, $"[dag]\nname = \"{name}\"\n\n[[tasks]]\nname = \"a\"\nscript = \"a.sh\"\n", "a.sh");

    [Fact]
    public void Loads_every_project_in_folder_order()
    {
        SimpleProject("zeta", "zeta");
        SimpleProject("alpha", "alpha_dag");
        Directory.CreateDirectory(Path.Combine(_workspace.ProjectsDir, "not_a_project"));

        var workspace = _workspace.Load();

        Assert.True(workspace.IsValid, string.Join("\n", workspace.AllErrors));
        Assert.Equal(["alpha", "zeta"], workspace.Projects.Select(p => p.Folder));
        Assert.Equal(Path.Combine(_workspace.ProjectDir("alpha"), "pit.toml"), workspace.Projects[0].File);
        Assert.Equal(_workspace.Root, workspace.Root);
        Assert.Equal(_workspace.ProjectsDir, workspace.ProjectsDir);
        Assert.Equal("alpha_dag", workspace.FindDag("alpha_dag")!.Name);
        Assert.Null(workspace.FindDag("alpha"));
        Assert.Equal(Path.Combine(_workspace.Root, "runs"), workspace.Config.RunsDir);
    }

    [Fact]
    public void A_broken_project_does_not_hide_the_valid_ones()
    {
        SimpleProject("good", "good");
        _workspace.Project("broken", "[dag\nname = \"broken\"\n");

        var workspace = _workspace.Load();

        Assert.False(workspace.IsValid);
        var broken = workspace.Projects.Single(p => p.Folder == "broken");
        Assert.Null(broken.Dag);
        Assert.False(broken.IsValid);
        Assert.Contains("TOML syntax error", Assert.Single(broken.Errors).Message);
        Assert.Equal(["good"], workspace.ValidDags.Select(d => d.Name));
    }

    [Fact]
    public void Errors_of_every_project_and_the_config_are_collected()
    {
        _workspace.Config("runs_dirr = \"x\"\n");
        _workspace.Project("one", "[dag]\noverlap = \"never\"\n\n[[tasks]]\nname = \"a\"\nscript = \"a.sh\"\n", "a.sh");
        _workspace.Project("two", "[dag]\n\n[[tasks]]\nname = \"a\"\nscript = \"missing.sh\"\n");

        var workspace = _workspace.Load();

        Assert.Equal(["runs_dirr", "dag.overlap", "tasks[0].script"], workspace.AllErrors.Select(e => e.Field));
        Assert.Single(workspace.ConfigErrors);
        Assert.Empty(workspace.ValidDags);
    }

    [Fact]
    public void A_workspace_without_projects_is_empty_and_valid()
    {
        var workspace = _workspace.Load();

        Assert.Empty(workspace.Projects);
        Assert.True(workspace.IsValid);
    }
}
