namespace Pit.Core.Tests.Workspace;

/// <summary>Validation across projects: DAG names, [dag.requires] targets, pools.</summary>
public sealed class WorkspaceChecksSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private string PitToml(string folder) => Path.Combine(_workspace.ProjectDir(folder), "pit.toml");

    private void SimpleProject(string folder, string dagLines = "") =>
        _workspace.Project(folder, "[dag]\n" + dagLines + "\n\n[[tasks]]\nname = \"a\"\nscript = \"a.sh\"\n", "a.sh");

    [Fact]
    public void Two_projects_with_the_same_dag_name_are_both_reported()
    {
        SimpleProject("first", "name = \"shared\"");
        SimpleProject("second", "name = \"shared\"");

        var workspace = _workspace.Load();

        Assert.False(workspace.IsValid);
        var first = ConfigErrors.Single(workspace.Projects[0].Errors, "dag.name");
        first.At(PitToml("first"), 2, 1, "DAG name 'shared' is also used by");
        Assert.Contains(PitToml("second"), first.Message);
        var second = ConfigErrors.Single(workspace.Projects[1].Errors, "dag.name");
        second.At(PitToml("second"), 2, 1, PitToml("first"));
    }

    [Fact]
    public void A_defaulted_name_clashes_with_an_explicit_one()
    {
        SimpleProject("reports");
        SimpleProject("other", "name = \"reports\"");

        var workspace = _workspace.Load();

        Assert.Single(workspace.Projects.Single(p => p.Folder == "reports").Errors);
        ConfigErrors.Single(workspace.Projects.Single(p => p.Folder == "other").Errors, "dag.name")
            .At(PitToml("other"), 2, 1, "'reports' is also used by");
    }

    [Fact]
    public void A_requirement_on_an_unknown_dag_is_reported_with_a_suggestion()
    {
        SimpleProject("claims_pipeline");
        SimpleProject("reports", "\n[dag.requires]\nclaims_pipelin = { max_age = \"24h\" }");

        var workspace = _workspace.Load();

        var project = workspace.Projects.Single(p => p.Folder == "reports");
        ConfigErrors.Single(project.Errors, "dag.requires.claims_pipelin")
            .At(PitToml("reports"), 4, 1, "requires DAG 'claims_pipelin', which no project defines (did you mean 'claims_pipeline'?)");
        Assert.True(workspace.Projects.Single(p => p.Folder == "claims_pipeline").IsValid);
    }

    [Fact]
    public void A_requirement_on_an_existing_dag_is_fine()
    {
        SimpleProject("claims_pipeline");
        SimpleProject("reports", "\n[dag.requires]\nclaims_pipeline = { max_age = \"24h\" }");

        var workspace = _workspace.Load();

        Assert.True(workspace.IsValid, string.Join("\n", workspace.AllErrors));
    }

    [Fact]
    public void An_unknown_pool_is_reported()
    {
        _workspace.Config("[pools]\ndb = 2\n");
        _workspace.Project("p", """
            [dag]

            [[tasks]]
            name = "a"
            script = "a.sh"
            pool = "db"

            [[tasks]]
            name = "b"
            script = "a.sh"
            pool = "ftp"
            """, "a.sh");

        var workspace = _workspace.Load();

        var error = ConfigErrors.Single(workspace.AllErrors, "tasks[1].pool");
        error.At(PitToml("p"), 11, 1, "unknown pool 'ftp' (defined pools: db)");
    }

    [Fact]
    public void A_pool_with_a_bad_size_is_reported_once_in_the_config()
    {
        _workspace.Config("[pools]\ndb = 0\n");
        _workspace.Project("p", """
            [dag]

            [[tasks]]
            name = "a"
            script = "a.sh"
            pool = "db"
            """, "a.sh");

        var workspace = _workspace.Load();

        var error = Assert.Single(workspace.AllErrors);
        Assert.Equal("pools.db", error.Field);
    }

    [Fact]
    public void A_pool_without_any_pools_configured_says_so()
    {
        _workspace.Project("p", """
            [dag]

            [[tasks]]
            name = "a"
            script = "a.sh"
            pool = "db"
            """, "a.sh");

        var workspace = _workspace.Load();

        ConfigErrors.Single(workspace.AllErrors, "tasks[0].pool")
            .At(PitToml("p"), 6, 1, "no pools are defined in pit_config.toml [pools]");
    }
}
