using Pit.Core.Validation;

namespace Pit.Core.Tests.Validation;

public class ConfigErrorSpecs
{
    [Fact]
    public void Formats_as_file_line_column_field_message()
    {
        var error = new ConfigError("/w/projects/a/pit.toml", 7, 3, "tasks[1].retries", "expected an integer");

        Assert.Equal("/w/projects/a/pit.toml:7:3: tasks[1].retries: expected an integer", error.ToString());
        Assert.Equal("projects/a/pit.toml:7:3: tasks[1].retries: expected an integer", error.Format("projects/a/pit.toml"));
    }

    [Fact]
    public void An_error_about_the_whole_file_has_no_field_part()
    {
        var error = new ConfigError("a.toml", 6, 15, "", "TOML syntax error: Invalid newline in a string");

        Assert.Equal("a.toml:6:15: TOML syntax error: Invalid newline in a string", error.ToString());
    }

    [Fact]
    public void Without_a_line_shows_only_file_field_and_message()
    {
        Assert.Equal("a.toml: tasks: cycle", new ConfigError("a.toml", 0, 0, "tasks", "cycle").ToString());
        Assert.Equal("a.toml: cannot read", new ConfigError("a.toml", 0, 0, "", "cannot read").ToString());
    }

    [Fact]
    public void A_location_makes_an_error_at_itself()
    {
        var error = new SourceLocation("f.toml", 4, 9).Error("dag.name", "bad");

        Assert.Equal(new ConfigError("f.toml", 4, 9, "dag.name", "bad"), error);
    }

    [Fact]
    public void The_list_keeps_errors_in_order()
    {
        var list = new ConfigErrorList();
        list.Add(new ConfigError("a", 1, 1, "x", "first"));
        list.Add(new ConfigError("a", 2, 1, "y", "second"));

        Assert.Equal(2, list.Count);
        Assert.Equal(["first", "second"], list.Items.Select(e => e.Message));
    }
}
