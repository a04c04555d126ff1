namespace Pit.Core.Tests.Dags;

/// <summary>Validation of the task graph: unique names, known dependencies, no cycles.</summary>
public sealed class DagGraphCheckSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private DagRead Read(string toml, params string[] scripts) => _workspace.Read("p", toml, scripts);

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
    public void A_dependency_listed_twice_is_reported()
    {
        var read = Read("""
            [dag]

            [[tasks]]
            name = "a"
            script = "a.sh"

            [[tasks]]
            name = "b"
            script = "a.sh"
            depends_on = ["a", "a"]
            """, "a.sh");

        Assert.Single(read.Errors);
        read.ErrorOn("tasks[1].depends_on").At(read.File, 10, 1, "'a' is listed 2 times in depends_on");
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
}
