using Pit.Core.Dags;
using Pit.Core.Secrets;
using Pit.Core.Validation;

namespace Pit.Core.Tests.Secrets;

public sealed class SecretsFileSpecs
{
    private const string File = "/etc/pit/secrets.toml";

    private const string Sample = """
        [global]
        smtp_password = "s3cr3t-global"
        shared = "from-global"

        [global.ftp_creds]
        host = "ftp.example.test"
        port = 2121
        tls = true
        password = "ftp-pass"

        [claims]
        claims_db = "postgres://claims"
        shared = "from-claims"

        [billing]
        billing_db = "postgres://billing"
        """;

    private static SecretsFile Read(string text = Sample)
    {
        var errors = new ConfigErrorList();
        var secrets = SecretsFileReader.Parse(File, text, errors);
        Assert.Empty(errors.Items);
        return Assert.IsType<SecretsFile>(secrets);
    }

    private static IReadOnlyList<ConfigError> Errors(string text)
    {
        var errors = new ConfigErrorList();
        Assert.Null(SecretsFileReader.Parse(File, text, errors));
        return errors.Items;
    }

    [Fact]
    public void A_project_resolves_its_own_section_first_then_global()
    {
        var secrets = Read();

        var own = Assert.IsType<Secret.Plain>(secrets.Resolve("claims", "shared").Secret);
        Assert.Equal(("claims", "from-claims"), (own.Scope, own.Value));
        var global = Assert.IsType<Secret.Plain>(secrets.Resolve("billing", "shared").Secret);
        Assert.Equal(("global", "from-global"), (global.Scope, global.Value));
        Assert.Equal("postgres://claims", Assert.IsType<Secret.Plain>(secrets.Resolve("claims", "claims_db").Secret).Value);
    }

    [Fact]
    public void A_project_never_resolves_another_projects_section()
    {
        var lookup = Read().Resolve("claims", "billing_db");

        Assert.False(lookup.Found);
        Assert.Equal($"secret 'billing_db' not found for project 'claims': searched [claims] and [global] in {File}", lookup.Error);
    }

    [Fact]
    public void A_table_is_a_structured_secret_whose_fields_keep_their_types()
    {
        var ftp = Assert.IsType<Secret.Structured>(Read().Resolve("claims", "ftp_creds").Secret);

        Assert.Equal(["host", "port", "tls", "password"], ftp.Fields.Keys);
        Assert.Equal(2121L, ftp.Fields["port"]);
        Assert.Equal(true, ftp.Fields["tls"]);
        Assert.Equal(["ftp.example.test", "2121", "true", "ftp-pass"], ftp.Values);
        Assert.Equal(5, ftp.Line);
    }

    [Fact]
    public void Describing_a_secret_never_shows_its_value()
    {
        var secrets = Read();
        var all = secrets.Scopes.SelectMany(secrets.In).ToList();

        Assert.Equal(6, all.Count);
        Assert.All(all, secret => Assert.All(secret.Values, value => Assert.DoesNotContain(value, secret.ToString())));
    }

    [Fact]
    public void Without_a_secrets_file_every_lookup_says_none_is_configured()
    {
        var lookup = SecretsFile.None.Resolve("claims", "claims_db");

        Assert.False(lookup.Found);
        Assert.StartsWith("secret 'claims_db' not found: no secrets file is configured", lookup.Error);
    }

    [Fact]
    public void Bad_entries_are_errors_with_line_and_key_that_never_quote_a_value()
    {
        var errors = Errors("""
            loose = "top-level-value"

            [global]
            port = 5432
            list = ["in-a-list"]

            [global.db]
            host = "db-host"
            hosts = ["a-host"]
            """);

        Assert.Equal(
        [
            (1, "loose", "'loose' must be a section ([global] or [<project>]) holding secrets, not a value at the top level"),
            (4, "global.port", "a secret must be a string or a table of fields, not an integer"),
            (5, "global.list", "a secret must be a string or a table of fields, not an array"),
            (9, "global.db.hosts", "a field of a structured secret must be a string, number or boolean, not an array"),
        ], errors.Select(e => (e.Line, e.Field, e.Message)));
        Assert.All(errors, e => Assert.Equal(File, e.File));
    }

    [Fact]
    public void A_syntax_error_gives_its_position_but_not_the_parsers_message()
    {
        var error = Assert.Single(Errors("""
            [global]
            token = "abc
            other = "password-xyz"
            """));

        Assert.Equal((File, 2), (error.File, error.Line));
        Assert.DoesNotContain("abc", error.Message);
        Assert.DoesNotContain("password-xyz", error.Message);
        Assert.Contains("TOML syntax error", error.Message);
    }

    [Fact]
    public void The_file_is_the_command_line_one_else_the_configured_one_else_the_system_one_when_it_exists()
    {
        var existing = Path.GetTempFileName();
        try
        {
            Assert.Equal(Path.GetFullPath("cli.toml"), SecretsLocator.Locate("cli.toml", "/configured.toml", existing));
            Assert.Equal("/configured.toml", SecretsLocator.Locate(null, "/configured.toml", existing));
            Assert.Equal(existing, SecretsLocator.Locate(null, null, existing));
            Assert.Null(SecretsLocator.Locate(null, null, existing + ".missing"));
        }
        finally
        {
            System.IO.File.Delete(existing);
        }
    }

    [Fact]
    public void References_are_every_secret_a_dag_names()
    {
        var dag = new DagDefinition
        {
            Name = "claims",
            ProjectDir = "/w/projects/claims",
            File = "/w/projects/claims/pit.toml",
            Sql = new SqlSettings("claims_db"),
            FtpWatch = new FtpWatchSettings { Secret = "ftp_creds", Directory = "/in" },
            Webhook = new WebhookSettings("hook_token"),
            Notify = new NotifySettings([NotifyOn.Failure], [], "notify_token"),
        };

        Assert.Equal(
            [("dag.sql.connection", "claims_db"), ("dag.ftp_watch.secret", "ftp_creds"), ("dag.webhook.token_secret", "hook_token"), ("dag.notify.webhook_secret", "notify_token")],
            SecretReferences.Of(dag).Select(r => (r.Field, r.Key)));
    }

    [Fact]
    public void Email_notifications_reference_the_smtp_secret()
    {
        var dag = new DagDefinition
        {
            Name = "claims",
            ProjectDir = "/w/projects/claims",
            File = "/w/projects/claims/pit.toml",
            Notify = new NotifySettings([NotifyOn.Failure], ["ops@example.com"], null),
        };

        Assert.Equal([("dag.notify.email", "smtp")], SecretReferences.Of(dag).Select(r => (r.Field, r.Key)));
    }
}
