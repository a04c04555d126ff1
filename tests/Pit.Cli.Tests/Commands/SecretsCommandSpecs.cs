using Pit.Cli.Tests.Support;

namespace Pit.Cli.Tests.Commands;

public sealed class SecretsCommandSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public SecretsCommandSpecs()
    {
        _workspace.Write("pit_config.toml", "secrets_dir = \"config/secrets.toml\"\n");
        _workspace.Write("config/secrets.toml", """
            [global]
            smtp_password = "global-value-1"
            shared = "global-value-2"

            [global.ftp_creds]
            host = "ftp.example.test"
            password = "global-value-3"

            [claims]
            claims_db = "claims-value-1"
            shared = "claims-value-2"

            [billing]
            billing_db = "billing-value-1"
            """);
        _workspace.Write("projects/claims/pit.toml", """
            [dag]
            [dag.sql]
            connection = "claims_db"
            [dag.webhook]
            token_secret = "smtp_password"
            [[tasks]]
            name = "load"
            script = "load.sh"
            """);
        _workspace.Write("projects/claims/load.sh", "true\n");
    }

    public void Dispose() => _workspace.Dispose();

    private static void AssertNoValues(PitResult result)
    {
        foreach (var value in new[] { "global-value", "claims-value", "billing-value", "ftp.example.test" })
        {
            Assert.DoesNotContain(value, result.Stdout);
            Assert.DoesNotContain(value, result.Stderr);
        }
    }

    [Fact]
    public void List_shows_every_key_with_its_scope_and_kind_but_no_value()
    {
        var result = _workspace.Pit("secrets", "list");

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertNoValues(result);
        var rows = result.Stdout.Split('\n').Skip(2).Where(l => l.Length > 0).Select(l => l.Split("  ", StringSplitOptions.RemoveEmptyEntries).Select(c => c.Trim()).ToArray()).ToList();
        Assert.Equal(
            [["global", "ftp_creds", "fields: host, password", "5"], ["global", "shared", "plain", "3"], ["global", "smtp_password", "plain", "2"],
             ["claims", "claims_db", "plain", "10"], ["claims", "shared", "plain", "11"], ["billing", "billing_db", "plain", "14"]],
            rows);
    }

    [Fact]
    public void List_for_a_project_shows_what_it_resolves_and_never_another_projects_keys()
    {
        var result = _workspace.Pit("secrets", "list", "claims");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("billing", result.Stdout);
        Assert.Contains("claims  ", result.Stdout);
        Assert.Matches(@"global\s+shared\s+plain \(shadowed\)", result.Stdout);
        AssertNoValues(result);
    }

    [Fact]
    public void Check_passes_when_every_named_secret_resolves()
    {
        var result = _workspace.Pit("secrets", "check");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("ok: 2 secret reference(s)", result.Stdout);
    }

    [Fact]
    public void Check_fails_naming_the_file_field_key_and_sections_searched()
    {
        _workspace.Write("projects/claims/pit.toml", """
            [dag]
            [dag.sql]
            connection = "billing_db"
            [[tasks]]
            name = "load"
            script = "load.sh"
            """);

        var result = _workspace.Pit("secrets", "check");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("projects/claims/pit.toml: dag.sql.connection: secret 'billing_db' not found for project 'claims': searched [claims] and [global]", result.Stderr);
        AssertNoValues(result);
    }

    [Fact]
    public void The_secrets_option_overrides_the_configured_file_and_a_malformed_one_is_reported_by_line_without_values()
    {
        _workspace.Write("other.toml", "[global]\nport = 5432\ntoken = \"other-value\n");

        var result = _workspace.Pit("--secrets", "other.toml", "secrets", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("other.toml:3:", result.Stderr);
        Assert.DoesNotContain("other-value", result.Stderr);
        Assert.DoesNotContain("5432", result.Stderr);
    }
}
