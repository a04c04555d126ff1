using System.Text.Json;
using Pit.Cli.Tests.Support;

namespace Pit.Cli.Tests.Commands;

public sealed class ValidateCommandSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public ValidateCommandSpecs()
    {
        _workspace.Write("projects/good/pit.toml", """
            [dag]
            schedule = "30 6 * * *"
            timezone = "Europe/London"

            [[tasks]]
            name = "extract"
            script = "tasks/extract.sh"

            [[tasks]]
            name = "load"
            script = "tasks/load.sh"
            depends_on = ["extract"]
            """);
        _workspace.Write("projects/good/tasks/extract.sh", "echo extract\n");
        _workspace.Write("projects/good/tasks/load.sh", "echo load\n");
    }

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Valid_workspace_lists_projects_tasks_and_schedule_then_ok()
    {
        var result = _workspace.Pit("validate");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("good", result.Stdout);
        Assert.Contains("30 6 * * * (Europe/London)", result.Stdout);
        Assert.Contains("extract", result.Stdout);
        Assert.Contains("tasks/load.sh", result.Stdout);
        Assert.EndsWith("ok: 1 project, 2 tasks", result.Stdout.TrimEnd());
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Every_error_of_every_project_is_reported_with_file_line_column_and_field()
    {
        _workspace.Write("projects/bad/pit.toml", """
            [dag]
            overlap = "never"

            [[tasks]]
            name = "a"
            script = "tasks/a.sh"
            retrys = 2
            """);
        _workspace.Write("projects/bad/tasks/a.sh", "true\n");
        _workspace.Write("projects/cyclic/pit.toml", """
            [[tasks]]
            name = "a"
            script = "a.sh"
            depends_on = ["b"]

            [[tasks]]
            name = "b"
            script = "b.sh"
            depends_on = ["a"]
            """);
        _workspace.Write("projects/cyclic/a.sh", "true\n");
        _workspace.Write("projects/cyclic/b.sh", "true\n");

        var result = _workspace.Pit("validate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("projects/bad/pit.toml:2:1: dag.overlap: 'never' is not one of skip, queue, allow", result.Stderr);
        Assert.Contains("projects/bad/pit.toml:7:1: tasks[0].retrys: unknown key 'retrys' (did you mean 'retries'?)", result.Stderr);
        Assert.Contains("projects/cyclic/pit.toml:", result.Stderr);
        Assert.Contains("dependency cycle: ", result.Stderr);
        Assert.Contains("missing [dag] table", result.Stderr);
        // The valid project is still listed.
        Assert.Contains("tasks/extract.sh", result.Stdout);
        Assert.Contains("failed: 4 errors in 2 files", result.Stdout);
    }

    [Fact]
    public void Syntax_error_names_the_line_and_column()
    {
        _workspace.Write("projects/broken/pit.toml", "[dag]\nname = \n");

        var result = _workspace.Pit("validate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("projects/broken/pit.toml:2:8: TOML syntax error", result.Stderr);
    }

    [Fact]
    public void Json_output_carries_projects_and_errors()
    {
        _workspace.Write("projects/bad/pit.toml", "[dag]\nschedule = \"61 * * * *\"\n[[tasks]]\nname = \"t\"\nscript = \"t.sh\"\n");
        _workspace.Write("projects/bad/t.sh", "true\n");

        var result = _workspace.Pit("validate", "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.False(root.GetProperty("ok").GetBoolean());
        var projects = root.GetProperty("projects").EnumerateArray().ToList();
        Assert.Equal(["bad", "good"], projects.Select(p => p.GetProperty("name").GetString()));
        Assert.True(projects[1].GetProperty("valid").GetBoolean());
        Assert.Equal(2, projects[1].GetProperty("tasks").GetArrayLength());
        var error = Assert.Single(root.GetProperty("errors").EnumerateArray());
        Assert.Equal("dag.schedule", error.GetProperty("field").GetString());
        Assert.Equal(2, error.GetProperty("line").GetInt32());
        Assert.Equal(1, error.GetProperty("column").GetInt32());
        Assert.EndsWith("projects/bad/pit.toml", error.GetProperty("file").GetString());
    }

    [Fact]
    public void Works_from_inside_a_project_by_walking_up_to_the_workspace()
    {
        var result = PitProcess.Run(_workspace.PathOf("projects", "good", "tasks"), "validate");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("ok: 1 project", result.Stdout);
    }

    [Fact]
    public void Project_dir_option_points_at_the_workspace()
    {
        var result = PitProcess.Run(Path.GetTempPath(), "validate", "--project-dir", _workspace.Root);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("good", result.Stdout);
    }

    [Fact]
    public void Project_dir_without_projects_folder_is_explained()
    {
        var result = _workspace.Pit("validate", "--project-dir", _workspace.PathOf("projects"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("has no projects/ folder", result.Stderr);
    }

    [Fact]
    public void Bad_pit_config_is_reported()
    {
        _workspace.Write("pit_config.toml", "runs_dri = \"runs\"\n[pools]\ndb = 0\n");

        var result = _workspace.Pit("validate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("pit_config.toml:1:1: runs_dri: unknown key 'runs_dri' (did you mean 'runs_dir'?)", result.Stderr);
        Assert.Contains("pit_config.toml:3:1: pools.db: must be a whole number of at least 1, got 0", result.Stderr);
    }

    [Fact]
    public void Unknown_option_is_a_usage_error()
    {
        var result = _workspace.Pit("validate", "--frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--frobnicate", result.Stderr);
    }
}
