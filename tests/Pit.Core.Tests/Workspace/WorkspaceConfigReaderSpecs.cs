using Pit.Core.Dags;
using Pit.Core.Validation;
using Pit.Core.Workspace;

namespace Pit.Core.Tests.Workspace;

public sealed class WorkspaceConfigReaderSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private (WorkspaceConfig Config, IReadOnlyList<ConfigError> Errors) Read(string? toml)
    {
        if (toml is not null) _workspace.Config(toml);
        var errors = new ConfigErrorList();
        return (WorkspaceConfigReader.Read(_workspace.Root, errors), errors.Items);
    }

    private string ConfigFile => Path.Combine(_workspace.Root, "pit_config.toml");

    [Fact]
    public void Without_a_file_everything_is_default()
    {
        var (config, errors) = Read(null);

        Assert.Empty(errors);
        Assert.Null(config.SecretsFile);
        Assert.Equal(Path.Combine(_workspace.Root, "runs"), config.RunsDir);
        Assert.Equal(Path.Combine(_workspace.Root, "repo_cache"), config.RepoCacheDir);
        Assert.Equal(Path.Combine(_workspace.Root, ".pit", "pit.db"), config.MetadataDb);
        Assert.Equal([RunArtifact.Logs, RunArtifact.Project, RunArtifact.Data], config.KeepArtifacts);
        Assert.Null(config.ApiToken);
        Assert.Equal(ApiAuth.Mutating, config.ApiAuth);
        Assert.Equal(TimeSpan.FromMinutes(5), config.ShutdownTimeout);
        Assert.Empty(config.Pools);
        Assert.Null(config.MaxActiveRuns);
        Assert.Null(config.MaxActiveTasks);
        Assert.False(string.IsNullOrWhiteSpace(config.DbtDriver));
    }

    [Fact]
    public void An_empty_file_means_defaults()
    {
        var (config, errors) = Read("# nothing to change\n");

        Assert.Empty(errors);
        Assert.Equal(Path.Combine(_workspace.Root, "runs"), config.RunsDir);
        Assert.Equal(Path.Combine(_workspace.Root, ".pit", "pit.db"), config.MetadataDb);
        Assert.Equal(3, config.KeepArtifacts.Count);
        Assert.Empty(config.Pools);
    }

    [Fact]
    public void Reads_every_field_and_resolves_relative_paths_against_the_root()
    {
        var (config, errors) = Read("""
            secrets_dir = "config/secrets.toml"
            runs_dir = "data/runs"
            repo_cache_dir = "../shared/repos"
            metadata_db = "state/pit.db"
            dbt_driver = "ODBC Driver 18 for SQL Server"
            keep_artifacts = ["logs"]
            api_token = "s3cret-token"
            api_auth = "all"
            shutdown_timeout = "1h30m"
            max_active_runs = 3
            max_active_tasks = 16

            [pools]
            db = 2
            ftp = 1
            """);

        Assert.Empty(errors);
        var root = _workspace.Root;
        Assert.Equal(Path.Combine(root, "config", "secrets.toml"), config.SecretsFile);
        Assert.Equal(Path.Combine(root, "data", "runs"), config.RunsDir);
        Assert.Equal(Path.GetFullPath(Path.Combine(root, "..", "shared", "repos")), config.RepoCacheDir);
        Assert.Equal(Path.Combine(root, "state", "pit.db"), config.MetadataDb);
        Assert.Equal("ODBC Driver 18 for SQL Server", config.DbtDriver);
        Assert.Equal([RunArtifact.Logs], config.KeepArtifacts);
        Assert.Equal("s3cret-token", config.ApiToken);
        Assert.Equal(ApiAuth.All, config.ApiAuth);
        Assert.Equal(TimeSpan.FromMinutes(90), config.ShutdownTimeout);
        Assert.Equal(3, config.MaxActiveRuns);
        Assert.Equal(16, config.MaxActiveTasks);
        Assert.Equal(new Dictionary<string, int> { ["db"] = 2, ["ftp"] = 1 }, config.Pools);
    }

    [Fact]
    public void Absolute_paths_are_kept()
    {
        var elsewhere = Path.Combine(Path.GetTempPath(), "pit-elsewhere", "runs");

        var (config, errors) = Read($"runs_dir = \"{elsewhere.Replace("\\", "\\\\")}\"");

        Assert.Empty(errors);
        Assert.Equal(elsewhere, config.RunsDir);
    }

    [Fact]
    public void An_unknown_key_is_reported_with_a_suggestion()
    {
        var (_, errors) = Read("runs_dir = \"runs\"\nmax_active_run = 2\n");

        ConfigErrors.Single(errors, "max_active_run").At(ConfigFile, 2, 1, "did you mean 'max_active_runs'?");
    }

    [Fact]
    public void Bad_values_are_reported_and_defaults_kept()
    {
        var (config, errors) = Read("""
            runs_dir = 5
            max_active_runs = 0
            keep_artifacts = ["logs", "everything"]

            [pools]
            db = 0
            ftp = "two"
            """);

        ConfigErrors.Single(errors, "runs_dir").At(ConfigFile, 1, 1, "expected a string");
        ConfigErrors.Single(errors, "max_active_runs").At(ConfigFile, 2, 1, "at least 1, got 0");
        ConfigErrors.Single(errors, "keep_artifacts").At(ConfigFile, 3, 1, "'everything' is not one of");
        ConfigErrors.Single(errors, "pools.db").At(ConfigFile, 6, 1, "at least 1, got 0");
        ConfigErrors.Single(errors, "pools.ftp").At(ConfigFile, 7, 1, "expected an integer");
        Assert.Equal(Path.Combine(_workspace.Root, "runs"), config.RunsDir);
        // A pool with a bad size is still a known pool, so tasks naming it are not reported again.
        Assert.Equal(["db", "ftp"], config.Pools.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Api_auth_and_shutdown_timeout_are_checked_and_defaults_kept()
    {
        var (config, errors) = Read("""
            api_token = "s3cret-token"
            api_auth = "reads"
            shutdown_timeout = "5 minutes"
            """);

        ConfigErrors.Single(errors, "api_auth").At(ConfigFile, 2, 1, "'reads' is not one of mutating, all");
        ConfigErrors.Single(errors, "shutdown_timeout").At(ConfigFile, 3, 1, "invalid duration \"5 minutes\"");
        Assert.Equal(ApiAuth.Mutating, config.ApiAuth);
        Assert.Equal(TimeSpan.FromMinutes(5), config.ShutdownTimeout);
    }

    [Fact]
    public void A_zero_shutdown_timeout_means_cancel_at_once()
    {
        var (config, errors) = Read("shutdown_timeout = \"0s\"\n");

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.Zero, config.ShutdownTimeout);
    }

    [Fact]
    public void Api_auth_all_without_a_token_is_an_error()
    {
        var (_, errors) = Read("runs_dir = \"runs\"\napi_auth = \"all\"\n");

        ConfigErrors.Single(errors, "api_auth").At(ConfigFile, 2, 1, "needs an api_token");
    }

    [Theory]
    [InlineData("api_token = \"  \"", "must not be empty")]
    [InlineData("api_token = 123456789", "expected a string")]
    public void A_blank_or_non_string_api_token_is_an_error_that_never_shows_its_value(string line, string fragment)
    {
        var (config, errors) = Read(line + "\n");

        var error = ConfigErrors.Single(errors, "api_token");
        error.At(ConfigFile, 1, 1, fragment);
        Assert.DoesNotContain("123456789", error.Message);
        Assert.Null(config.ApiToken);
    }

    [Fact]
    public void The_control_port_and_bind_address_are_read()
    {
        var (config, errors) = Read("control_port = 9091\ncontrol_bind = \"0.0.0.0\"\n");

        Assert.Empty(errors);
        Assert.Equal((9091, "0.0.0.0"), (config.ControlPort, config.ControlBind));
        Assert.Null(Read("").Config.ControlPort);
    }

    [Theory]
    [InlineData("control_port = 70000", "control_port", "from 1 to 65535")]
    [InlineData("control_port = 0", "control_port", "")]
    [InlineData("control_bind = \"everywhere\"", "control_bind", "expected an IP address")]
    public void A_bad_control_port_or_bind_address_is_an_error_naming_the_key(string line, string key, string fragment)
    {
        var (_, errors) = Read(line + "\n");

        ConfigErrors.Single(errors, key).At(ConfigFile, 1, 1, fragment);
    }

    [Fact]
    public void A_syntax_error_is_located_and_defaults_kept()
    {
        var (config, errors) = Read("runs_dir = \"runs\"\nmax_active_runs = \n");

        var error = Assert.Single(errors);
        Assert.Equal((ConfigFile, 2), (error.File, error.Line));
        Assert.Contains("TOML syntax error", error.Message);
        Assert.Equal(Path.Combine(_workspace.Root, "runs"), config.RunsDir);
    }
}
