using Pit.Cli.Tests.Support;

namespace Pit.Cli.Tests.Commands;

public sealed class RootCommandSpecs
{
    [Fact]
    public void Version_prints_the_version()
    {
        var result = PitProcess.Run(Path.GetTempPath(), "--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Stdout.Trim());
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("validate", "--help")]
    [InlineData("init", "--help")]
    [InlineData("outputs", "--help")]
    public void Every_command_has_help(params string[] args)
    {
        var result = PitProcess.Run(Path.GetTempPath(), args);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Stdout);
        Assert.Contains("--project-dir", result.Stdout);
    }

    [Fact]
    public void Unknown_command_is_a_usage_error_on_stderr()
    {
        var result = PitProcess.Run(Path.GetTempPath(), "frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("frobnicate", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void No_workspace_is_a_clear_error()
    {
        var empty = Path.Combine(Path.GetTempPath(), "pit-none-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(empty);
        try
        {
            var result = PitProcess.Run(empty, "validate");

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("no workspace found", result.Stderr);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public void Sample_workspace_validates()
    {
        var result = PitProcess.Run(RepositoryRoot.Path, "validate", "--project-dir", "projects-sample");

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var project in new[] { "claims_pipeline", "warehouse_transforms", "nightly_maintenance", "monthly_reports" })
            Assert.Contains(project, result.Stdout);
        Assert.Contains("ok: 4 projects", result.Stdout);
    }
}
