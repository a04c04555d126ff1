using Pit.Core.Validation;
using Pit.Core.Workspace;

namespace Pit.Core.Tests.Workspace;

/// <summary><c>[retention]</c> in pit_config.toml, read by <see cref="WorkspaceConfigReader"/>.</summary>
public sealed class RetentionConfigSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private (WorkspaceConfig Config, IReadOnlyList<ConfigError> Errors) Read(string toml)
    {
        _workspace.Config(toml);
        var errors = new ConfigErrorList();
        return (WorkspaceConfigReader.Read(_workspace.Root, errors), errors.Items);
    }

    [Fact]
    public void Without_a_retention_table_every_run_is_kept()
    {
        var (config, errors) = Read("kill_grace = \"1s\"\n");

        Assert.Empty(errors);
        Assert.Null(config.Retention);
    }

    [Fact]
    public void Runs_is_a_duration_and_serve_collects_daily_a_minute_after_start_by_default()
    {
        var (config, errors) = Read("[retention]\nruns = \"30d\"\n");

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromDays(30), config.Retention!.Runs);
        Assert.Equal(TimeSpan.FromDays(1), config.Retention.GcEvery);
        Assert.Equal(TimeSpan.FromMinutes(1), config.Retention.GcDelay);
    }

    [Fact]
    public void Serve_s_schedule_can_be_set()
    {
        var (config, errors) = Read("[retention]\nruns = \"12h\"\ngc_every = \"6h\"\ngc_delay = \"10s\"\n");

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromHours(12), config.Retention!.Runs);
        Assert.Equal(TimeSpan.FromHours(6), config.Retention.GcEvery);
        Assert.Equal(TimeSpan.FromSeconds(10), config.Retention.GcDelay);
    }

    [Theory]
    [InlineData("runs = \"soon\"", "retention.runs")]
    [InlineData("runs = 30", "retention.runs")]
    [InlineData("runs = \"0s\"", "retention.runs")]
    [InlineData("gc_every = \"1d\"", "retention.runs")]
    [InlineData("runs = \"30d\"\nkeep = \"1d\"", "retention.keep")]
    [InlineData("runs = \"30d\"\ngc_every = \"daily\"", "retention.gc_every")]
    public void A_bad_retention_table_is_an_error_naming_its_key(string body, string field)
    {
        var (config, errors) = Read($"[retention]\n{body}\n");

        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        Assert.EndsWith("pit_config.toml", error.File, StringComparison.Ordinal);
        if (field == "retention.runs") Assert.Null(config.Retention);
    }

    [Fact]
    public void Retention_that_is_not_a_table_is_an_error()
    {
        var (config, errors) = Read("retention = \"30d\"\n");

        var error = Assert.Single(errors);
        Assert.Equal("retention", error.Field);
        Assert.Null(config.Retention);
    }
}
