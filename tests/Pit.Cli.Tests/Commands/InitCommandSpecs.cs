using Pit.Cli.Tests.Support;

namespace Pit.Cli.Tests.Commands;

public sealed class InitCommandSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Theory]
    [InlineData("python", "pyproject.toml")]
    [InlineData("python", "src/fresh/__init__.py")]
    [InlineData("sql", "tasks/staging.sql")]
    [InlineData("shell", "tasks/collect.sh")]
    [InlineData("dbt", "dbt_repo/dbt_project.yml")]
    public void Scaffolded_project_has_its_layout_and_validates(string type, string expectedFile)
    {
        var init = _workspace.Pit("init", "fresh", "--type", type);

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.True(File.Exists(_workspace.PathOf("projects", "fresh", expectedFile)), init.ToString());
        Assert.True(File.Exists(_workspace.PathOf("projects", "fresh", "pit.toml")));

        var validate = _workspace.Pit("validate");
        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.Contains("fresh", validate.Stdout);
        Assert.Contains("ok: 1 project", validate.Stdout);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Shell_scripts_are_executable()
    {
        _workspace.Pit("init", "jobs", "--type", "shell");

        var mode = File.GetUnixFileMode(_workspace.PathOf("projects", "jobs", "tasks", "collect.sh"));
        Assert.True(mode.HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public void Default_type_is_python()
    {
        var init = _workspace.Pit("init", "plain");

        Assert.Equal(0, init.ExitCode);
        Assert.True(File.Exists(_workspace.PathOf("projects", "plain", "pyproject.toml")));
    }

    [Theory]
    [InlineData("Bad-Name")]
    [InlineData("1abc")]
    [InlineData("with space")]
    public void Invalid_name_is_a_usage_error_that_explains_the_rule(string name)
    {
        var init = _workspace.Pit("init", name);

        Assert.Equal(2, init.ExitCode);
        Assert.Contains($"'{name}' is not a valid project name", init.Stderr);
        Assert.Contains("lowercase letters", init.Stderr);
        Assert.False(Directory.Exists(_workspace.PathOf("projects", name)));
    }

    [Fact]
    public void Existing_folder_is_refused_and_left_untouched()
    {
        var marker = _workspace.Write("projects/taken/notes.txt", "keep me");

        var init = _workspace.Pit("init", "taken", "--type", "sql");

        Assert.Equal(1, init.ExitCode);
        Assert.Contains("already exists", init.Stderr);
        Assert.Equal("keep me", File.ReadAllText(marker));
        Assert.False(File.Exists(_workspace.PathOf("projects", "taken", "pit.toml")));
    }

    [Fact]
    public void Unknown_type_is_a_usage_error()
    {
        var init = _workspace.Pit("init", "x", "--type", "cobol");

        Assert.Equal(2, init.ExitCode);
        Assert.Contains("cobol", init.Stderr);
    }

    [Fact]
    public void Outside_a_workspace_the_current_folder_becomes_one()
    {
        var empty = Path.Combine(Path.GetTempPath(), "pit-empty-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(empty);
        try
        {
            var init = PitProcess.Run(empty, "init", "first", "--type", "shell");

            Assert.True(init.ExitCode == 0, init.ToString());
            Assert.True(File.Exists(Path.Combine(empty, "projects", "first", "pit.toml")));
            Assert.Equal(0, PitProcess.Run(empty, "validate").ExitCode);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
