namespace Pit.Core.Tests.Dags;

/// <summary>
/// Structural validation of pit.toml: syntax, unknown keys, missing fields, wrong types, names and
/// outputs. Each failing fixture asserts file, line, column, field and a message fragment. The task
/// graph, [dag] values and [[tasks]] values have their own validation specs.
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
        // The unterminated string runs from column 10 to the end of the line.
        Assert.InRange(error.Column, 10, 15);
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
    public void An_empty_task_entry_is_reported_at_its_own_header()
    {
        var read = Read("""
            [dag]

            [[tasks]]
            name = "a"
            script = "a.sh"

            [[tasks]]
            """, "a.sh");

        // The entry has no keys, so the only place to point at is its own [[tasks]] header on line 7,
        // not the first [[tasks]] header on line 3.
        Assert.Equal(7, read.ErrorOn("tasks[1].name").Line);
        Assert.Equal(7, read.ErrorOn("tasks[1].script").Line);
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

        string[] expected = ["dag.schedule", "dag.overlap", "tasks[0].script", "tasks[0].retries"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), read.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.NotNull(read.Dag);
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
    public void An_extra_output_field_must_be_a_value_not_a_table()
    {
        var read = Read("""
            [dag]

            [[tasks]]
            name = "a"
            script = "a.sh"

            [[outputs]]
            name = "report"
            type = "file"
            owner = { team = "data" }
            """, "a.sh");

        read.ErrorOn("outputs[0].owner").At(read.File, 10, 1, "expected a string, number, boolean or array, got a table");
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

        // Reported at the entry's own [[outputs]] header.
        read.ErrorOn("outputs[0].name").At(read.File, 7, 1, "missing required field 'name'");
        read.ErrorOn("outputs[0].type").At(read.File, 7, 1, "missing required field 'type'");
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
    public void A_folder_name_that_is_not_a_valid_dag_name_needs_an_explicit_name()
    {
        var read = _workspace.Read("my project", """
            [dag]
            schedule = "@daily"

            [[tasks]]
            name = "a"
            script = "a.sh"
            """, "a.sh");

        read.ErrorOn("dag.name").At(read.File, 2, 1, "'my project' is not a valid DAG name");
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
