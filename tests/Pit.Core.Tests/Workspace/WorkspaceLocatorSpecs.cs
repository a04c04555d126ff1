using Pit.Core.Workspace;

namespace Pit.Core.Tests.Workspace;

public sealed class WorkspaceLocatorSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Project_dir_is_used_as_given()
    {
        var elsewhere = Path.GetTempPath();

        Assert.Equal(_workspace.Root, WorkspaceLocator.Find(_workspace.Root, elsewhere));
    }

    [Fact]
    public void A_relative_project_dir_resolves_against_the_current_folder()
    {
        var parent = Path.GetDirectoryName(_workspace.Root)!;

        var root = WorkspaceLocator.Find(Path.GetFileName(_workspace.Root), parent);

        Assert.Equal(_workspace.Root, root);
    }

    [Fact]
    public void A_project_dir_that_does_not_exist_is_refused()
    {
        var missing = Path.Combine(_workspace.Root, "nope");

        var ex = Assert.Throws<WorkspaceNotFoundException>(() => WorkspaceLocator.Find(missing, _workspace.Root));

        Assert.Contains($"--project-dir '{missing}' does not exist", ex.Message);
    }

    [Fact]
    public void A_project_dir_without_projects_is_refused()
    {
        var bare = Path.Combine(_workspace.Root, "bare");
        Directory.CreateDirectory(bare);

        var ex = Assert.Throws<WorkspaceNotFoundException>(() => WorkspaceLocator.Find(bare, _workspace.Root));

        Assert.Contains("has no projects/ folder", ex.Message);
    }

    [Fact]
    public void Walks_up_from_inside_a_project()
    {
        var deep = Path.Combine(_workspace.ProjectDir("claims"), "src", "claims");
        Directory.CreateDirectory(deep);

        Assert.Equal(_workspace.Root, WorkspaceLocator.Find(null, deep));
    }

    [Fact]
    public void The_current_folder_itself_can_be_the_root()
    {
        Assert.Equal(_workspace.Root, WorkspaceLocator.Find(null, _workspace.Root));
    }

    [Fact]
    public void Not_finding_a_workspace_says_where_it_looked_and_what_to_do()
    {
        var lonely = Path.Combine(Path.GetTempPath(), "pit-lonely-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(lonely);
        try
        {
            var ex = Assert.Throws<WorkspaceNotFoundException>(() => WorkspaceLocator.Find(null, lonely));

            Assert.Contains("no workspace found", ex.Message);
            Assert.Contains(lonely, ex.Message);
            Assert.Contains("--project-dir", ex.Message);
        }
        finally
        {
            Directory.Delete(lonely);
        }
    }

    [Fact]
    public void Names_the_project_the_current_folder_is_in()
    {
        var inside = Path.Combine(_workspace.ProjectDir("claims"), "tasks");

        Assert.Equal("claims", WorkspaceLocator.CurrentProject(_workspace.Root, inside));
        Assert.Equal("claims", WorkspaceLocator.CurrentProject(_workspace.Root, _workspace.ProjectDir("claims")));
    }

    [Fact]
    public void Outside_a_project_there_is_no_current_project()
    {
        Assert.Null(WorkspaceLocator.CurrentProject(_workspace.Root, _workspace.Root));
        Assert.Null(WorkspaceLocator.CurrentProject(_workspace.Root, _workspace.ProjectsDir));
        Assert.Null(WorkspaceLocator.CurrentProject(_workspace.Root, Path.GetTempPath()));
    }
}
