using Pit.Core.Dags;

namespace Pit.Core.Tests.Dags;

/// <summary>
/// Structural validation of pit.toml: syntax, unknown keys, missing fields, wrong types and the
/// task graph. Each failing fixture asserts file, line, column, field and a message fragment.
/// </summary>
public sealed class ValidationSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private DagRead Read(string toml, params string[] scripts) => _workspace.Read("p", toml, scripts);

    [Fact]
    public void A_toml_syntax_error_is_located()
    {
        var read = Read("""
            [dag]
            name = "demo"

            [[tasks]]
            name = "a"
            script = "a.sh
            """);

        Assert.Null(read.Dag);
        var error = Assert.Single(read.Errors);
        Assert.Equal(read.File, error.File);
        Assert.Equal(6, error.Line);
        Assert.True(error.Column >= 1);
        Assert.Equal("", error.Field);
        Assert.Contains("TOML syntax error", error.Message);
    }

    [Fact]
    public void An_unknown_task_key_suggests_the_near_miss()
    {
        var read = Read("""
            [dag]

            [[tasks]]
            name = "a"
            script = "a.sh"
            retrys = 3
            """, "a.sh");

        Assert.Single(read.Errors);
        read.ErrorOn("tasks[0].retrys").At(read.File, 6, 1, "unknown key 'retrys' (did you mean 'retries'?)");
    }

    [Fact]
    public void An_unknown_dag_key_suggests_the_near_miss()
    {
        var read = Read("""
            [dag]
              schedul = "@daily"

            [[tasks]]
            name = "a"
            script = "a.sh"
            """, "a.sh");

        read.ErrorOn("dag.schedul").At(read.File, 2, 3, "did you mean 'schedule'?");
    }

    [Fact]
    public void A_far_unknown_key_lists_the_known_keys()
    {
        var read = Read("""
            [dag]
            colour = "red"

            [[tasks]]
            name = "a"
            script = "a.sh"
            """, "a.sh");

        read.ErrorOn("dag.colour").At(read.File, 2, 1, "known keys: name, schedule");
    }

    [Fact]
    public void An_unknown_top_level_table_is_reported()
    {
        var read = Read("""
            [dag]

            [[tasks]]
            name = "a"
            script = "a.sh"

            [[task]]
            name = "b"
            """, "a.sh");

        var error = read.ErrorOn("task");
        Assert.Equal(7, error.Line);
        Assert.Contains("did you mean 'tasks'?", error.Message);
    }

    [Fact]
    public void A_missing_dag_table_is_reported()
    {
        var read = Read("""
            [[tasks]]
            name = "a"
            script = "a.sh"
            """, "a.sh");

        var error = Assert.Single(read.Errors);
        Assert.Equal(read.File, error.File);
        Assert.True(error.Line >= 1);
        Assert.Equal("dag", error.Field);
        Assert.Contains("missing [dag] table", error.Message);
    }

    [Fact]
    public void A_dag_without_tasks_is_reported()
    {
        var read = Read("""
            [dag]
            name = "empty"
            """);

        var error = Assert.Single(read.Errors);
        Assert.Equal(read.File, error.File);
        Assert.True(error.Line >= 1);
        Assert.Equal("tasks", error.Field);
        Assert.Contains("no tasks", error.Message);
    }

    [Fact]
    public void A_task_without_a_name_is_reported_at_the_task()
    {
        var read = Read("""
            [dag]

            [[tasks]]
            script = "a.sh"
            """, "a.sh");

        var error = read.ErrorOn("tasks[0].name");
        Assert.Equal(read.File, error.File);
        Assert.InRange(error.Line, 3, 4);
        Assert.Contains("missing required field 'name'", error.Message);
    }

    [Fact]
    public void A_task_without_a_script_is_reported_at_the_task()
    {
        var read = Read("""
            [dag]

            [[tasks]]
            name = "a"

            [[tasks]]
            name = "b"
            """);

        Assert.Equal(2, read.Errors.Count);
        var error = read.ErrorOn("tasks[1].script");
        Assert.InRange(error.Line, 6, 7);
        Assert.Contains("missing required field 'script'", error.Message);
        Assert.InRange(read.ErrorOn("tasks[0].script").Line, 3, 4);
    }

    [Fact]
    public void Wrong_types_name_what_was_expected_and_what_was_found()
    {
        var read = Read("""
            [dag]
            name = 5
            max_active_tasks = "many"

            [[tasks]]
            name = "a"
            script = "a.sh"
            retries = "3"
            depends_on = "b"
            env = "MODE=prod"
            """, "a.sh");

        read.ErrorOn("dag.name").At(read.File, 2, 1, "expected a string, got an integer (5)");
        read.ErrorOn("dag.max_active_tasks").At(read.File, 3, 1, "expected an integer, got a string (\"many\")");
        read.ErrorOn("tasks[0].retries").At(read.File, 8, 1, "expected an integer, got a string (\"3\")");
        read.ErrorOn("tasks[0].depends_on").At(read.File, 9, 1, "expected an array of strings");
        read.ErrorOn("tasks[0].env").At(read.File, 10, 1, "expected a table");
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var read = Read("""
            [dag]
            schedule = "not cron"
            overlap = "never"

            [[tasks]]
            name = "a"
            script = "missing.sh"
            retries = -1
            """);

        Assert.Equal(["dag.schedule", "dag.overlap", "tasks[0].script", "tasks[0].retries"], read.Errors.Select(e => e.Field).Order());
        Assert.NotNull(read.Dag);
    }

    [Fact]
    public void Duplicate_task_names_are_reported_at_the_second()
    {
        var read = Read("""
            [dag]

            [[tasks]]
            name = "a"
            script = "a.sh"

            [[tasks]]
            name = "a"
            script = "a.sh"
            """, "a.sh");

        Assert.Single(read.Errors);
        read.ErrorOn("tasks[1].name").At(read.File, 8, 1, "duplicate task name 'a' (first declared as tasks[0])");
    }

    [Fact]
    public void An_unknown_dependency_suggests_the_near_miss()
    {
        var read = Read("""
            [dag]

            [[tasks]]
            name = "extract"
            script = "a.sh"

            [[tasks]]
            name = "load"
            script = "a.sh"
            depends_on = ["extrct"]
            """, "a.sh");

        Assert.Single(read.Errors);
        read.ErrorOn("tasks[1].depends_on").At(read.File, 10, 1, "unknown task 'extrct' in depends_on (did you mean 'extract'?)");
    }

    [Fact]
    public void A_task_depending_on_itself_is_reported()
    {
        var read = Read("""
            [dag]

            [[tasks]]
            name = "a"
            script = "a.sh"
            depends_on = ["a"]
            """, "a.sh");

        read.ErrorOn("tasks[0].depends_on").At(read.File, 6, 1, "depends on itself");
    }

    [Fact]
    public void A_dependency_cycle_is_printed_in_run_order()
    {
        var read = Read("""
            [dag]

            [[tasks]]
            name = "a"
            script = "a.sh"
            depends_on = ["c"]

            [[tasks]]
            name = "b"
            script = "a.sh"
            depends_on = ["a"]

            [[tasks]]
            name = "c"
            script = "a.sh"
            depends_on = ["b"]
            """, "a.sh");

        var error = Assert.Single(read.Errors);
        Assert.Equal(read.File, error.File);
        Assert.Equal(1, error.Column);
        Assert.Contains(error.Line, new[] { 6, 11, 16 });
        Assert.StartsWith("tasks[", error.Field);
        Assert.EndsWith("].depends_on", error.Field);
        // Upstream first: a runs before b, b before c, c before a. Any starting point will do.
        string[] rotations = ["a → b → c → a", "b → c → a → b", "c → a → b → c"];
        Assert.Contains(rotations, r => error.Message == $"dependency cycle: {r}");
    }

    [Fact]
    public void A_cycle_is_reported_at_the_task_that_starts_it()
    {
        var read = Read("""
            [dag]

            [[tasks]]
            name = "x"
            script = "a.sh"
            depends_on = ["y"]

            [[tasks]]
            name = "y"
            script = "a.sh"
            depends_on = ["x"]
            """, "a.sh");

        var error = Assert.Single(read.Errors);
        var start = error.Message["dependency cycle: ".Length..][..1];
        Assert.Equal(start == "x" ? "tasks[0].depends_on" : "tasks[1].depends_on", error.Field);
        Assert.Equal(start == "x" ? 6 : 11, error.Line);
    }

    [Fact]
    public void Duplicate_outputs_are_reported()
    {
        var read = Read("""
            [dag]

            [[tasks]]
            name = "a"
            script = "a.sh"

            [[outputs]]
            name = "report"
            type = "file"

            [[outputs]]
            name = "report"
            type = "email"
            """, "a.sh");

        var error = read.ErrorOn("outputs");
        Assert.Contains("output 'report' is declared 2 times", error.Message);
        Assert.True(error.Line >= 7);
    }

    [Fact]
    public void An_output_needs_a_name_and_a_type()
    {
        var read = Read("""
            [dag]

            [[tasks]]
            name = "a"
            script = "a.sh"

            [[outputs]]
            location = "/srv/reports"
            """, "a.sh");

        read.ErrorOn("outputs[0].name").At(read.File, 8, 1, "missing required field 'name'");
        read.ErrorOn("outputs[0].type").At(read.File, 8, 1, "missing required field 'type'");
    }

    [Theory]
    [InlineData("my dag")]
    [InlineData("-dash")]
    [InlineData("a/b")]
    public void A_dag_name_must_be_usable_as_a_folder_name(string name)
    {
        var read = Read($"""
            [dag]
            name = "{name}"

            [[tasks]]
            name = "a"
            script = "a.sh"
            """, "a.sh");

        read.ErrorOn("dag.name").At(read.File, 2, 1, "is not a valid DAG name");
    }

    [Fact]
    public void A_task_name_must_be_usable_as_a_file_name()
    {
        var read = Read("""
            [dag]

            [[tasks]]
            name = "load data"
            script = "a.sh"
            """, "a.sh");

        read.ErrorOn("tasks[0].name").At(read.File, 4, 1, "is not a valid task name");
    }
}
