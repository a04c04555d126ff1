using Pit.Core.Toml;
using Pit.Core.Validation;

namespace Pit.Core.Tests.Toml;

public class TomlFileSpecs
{
    [Fact]
    public void Keys_are_located_1_based()
    {
        var errors = new ConfigErrorList();
        var toml = TomlFile.Parse("f.toml", "# comment\n[dag]\n  name = \"x\"\n", errors)!;

        var dag = toml.Table("dag")!;

        Assert.Equal(new SourceLocation("f.toml", 3, 3), dag.LocationOf("name"));
        Assert.Equal("dag.name", dag.FieldOf("name"));
        Assert.Empty(errors.Items);
    }

    [Fact]
    public void A_syntax_error_names_file_line_and_column()
    {
        var errors = new ConfigErrorList();

        var toml = TomlFile.Parse("f.toml", "[dag]\nname = \"x\"\nschedule = = 3\n", errors);

        Assert.Null(toml);
        var error = Assert.Single(errors.Items);
        Assert.Equal("f.toml", error.File);
        Assert.Equal(3, error.Line);
        Assert.Equal(12, error.Column);
        Assert.Contains("TOML syntax error", error.Message);
    }

    [Fact]
    public void A_missing_file_is_an_error_not_an_exception()
    {
        var errors = new ConfigErrorList();
        var path = Path.Combine(Path.GetTempPath(), "pit-missing-" + Guid.NewGuid().ToString("N"), "pit.toml");

        Assert.Null(TomlFile.Load(path, errors));

        var error = Assert.Single(errors.Items);
        Assert.Equal(path, error.File);
        Assert.Contains("cannot read file", error.Message);
    }

    [Fact]
    public void Wrong_types_are_reported_and_read_as_null()
    {
        var errors = new ConfigErrorList();
        var toml = TomlFile.Parse("f.toml", "a = 1\nb = \"x\"\nc = [1, \"two\"]\n", errors)!;

        Assert.Null(toml.String("a"));
        Assert.Null(toml.Integer("b"));
        Assert.Null(toml.Bool("b"));
        Assert.Equal(["two"], toml.StringList("c")!);

        Assert.Equal(["a", "b", "b", "c"], errors.Items.Select(e => e.Field));
        Assert.Contains("expected a string, got an integer (1)", errors.Items[0].Message);
        Assert.Contains("item 0 must be a string", errors.Items[3].Message);
    }

    [Fact]
    public void Absent_keys_read_as_null_without_errors()
    {
        var errors = new ConfigErrorList();
        var toml = TomlFile.Parse("f.toml", "a = 1\n", errors)!;

        Assert.Null(toml.String("x"));
        Assert.Null(toml.Integer("x"));
        Assert.Null(toml.Bool("x"));
        Assert.Null(toml.Number("x"));
        Assert.Null(toml.Duration("x"));
        Assert.Null(toml.StringList("x"));
        Assert.Null(toml.Table("x"));
        Assert.Empty(toml.TableArray("x"));
        Assert.Empty(errors.Items);
    }

    [Fact]
    public void Find_navigates_tables_and_table_arrays()
    {
        var errors = new ConfigErrorList();
        var toml = TomlFile.Parse("f.toml", "[[tasks]]\nname = \"a\"\n\n[[tasks]]\nname = \"b\"\n", errors)!;

        var second = toml.Find("tasks[1]");

        Assert.NotNull(second);
        Assert.Equal("tasks[1]", second.Path);
        Assert.Equal("b", second.String("name"));
        Assert.Equal(5, second.LocationOf("name").Line);
        Assert.Null(toml.Find("tasks[2]"));
        Assert.Null(toml.Find("dag"));
    }
}
