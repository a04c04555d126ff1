using Pit.Core.Dags;

namespace Pit.Core.Tests.Dags;

/// <summary>Parsing of [dag.sql], [dag.dbt], [dag.ftp_watch], [dag.webhook] and [dag.notify].</summary>
public sealed class IntegrationReaderSpecs : IDisposable
{
    private const string Task = """

        [[tasks]]
        name = "a"
        script = "a.sh"
        """;

    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private DagRead Read(string dagTables) => _workspace.Read("p", "[dag]\n" + dagTables + "\n" + Task, "a.sh");

    [Fact]
    public void Reads_the_sql_connection()
    {
        var dag = Read("""
            [dag.sql]
            connection = "warehouse_db"
            """).Valid();

        Assert.Equal(new SqlSettings("warehouse_db"), dag.Sql);
    }

    [Fact]
    public void Reads_every_dbt_field()
    {
        Directory.CreateDirectory(Path.Combine(_workspace.ProjectDir("p"), "dbt_project"));

        var dag = Read("""
            [dag.dbt]
            version = "1.9.1"
            adapter = "dbt-postgres"
            extra_deps = ["dbt-utils==1.3.0", "elementary-data"]
            project_dir = "dbt_project"
            profile = "analytics"
            target = "dev"
            threads = 6
            connection = "warehouse"
            """).Valid();

        var dbt = dag.Dbt!;
        Assert.Equal("1.9.1", dbt.Version);
        Assert.Equal("dbt-postgres", dbt.Adapter);
        Assert.Equal(["dbt-utils==1.3.0", "elementary-data"], dbt.ExtraDeps);
        Assert.Equal("dbt_project", dbt.ProjectDir);
        Assert.Equal("analytics", dbt.Profile);
        Assert.Equal("dev", dbt.Target);
        Assert.Equal(6, dbt.Threads);
        Assert.Equal("warehouse", dbt.Connection);
    }

    [Fact]
    public void Dbt_defaults_profile_to_the_dag_name_and_target_to_prod()
    {
        var dag = Read("""
            name = "transforms"

            [dag.dbt]
            version = "1.9.1"
            adapter = "dbt-sqlserver"
            connection = "warehouse"
            """).Valid();

        Assert.Equal("transforms", dag.Dbt!.Profile);
        Assert.Equal("prod", dag.Dbt.Target);
        Assert.Empty(dag.Dbt.ExtraDeps);
        Assert.Null(dag.Dbt.ProjectDir);
        Assert.Null(dag.Dbt.Threads);
    }

    [Fact]
    public void Reads_ftp_watch_with_a_structured_secret()
    {
        var dag = Read("""
            [dag.ftp_watch]
            secret = "partner_ftp"
            directory = "/incoming"
            pattern = "claims_*.csv"
            archive_dir = "/archive"
            poll_interval = "2m"
            stable_seconds = 90
            """).Valid();

        var ftp = dag.FtpWatch!;
        Assert.Equal("partner_ftp", ftp.Secret);
        Assert.Equal("/incoming", ftp.Directory);
        Assert.Equal("claims_*.csv", ftp.Pattern);
        Assert.Equal("/archive", ftp.ArchiveDir);
        Assert.Equal(TimeSpan.FromMinutes(2), ftp.PollInterval);
        Assert.Equal(90, ftp.StableSeconds);
        Assert.Null(ftp.Host);
    }

    [Fact]
    public void Reads_ftp_watch_in_the_legacy_form()
    {
        var dag = Read("""
            [dag.ftp_watch]
            host = "ftp.partner.example"
            port = 990
            user = "pit"
            password_secret = "partner_ftp_password"
            tls = true
            directory = "/out"
            """).Valid();

        var ftp = dag.FtpWatch!;
        Assert.Null(ftp.Secret);
        Assert.Equal("ftp.partner.example", ftp.Host);
        Assert.Equal(990, ftp.Port);
        Assert.Equal("pit", ftp.User);
        Assert.Equal("partner_ftp_password", ftp.PasswordSecret);
        Assert.True(ftp.Tls);
        Assert.Equal("/out", ftp.Directory);
    }

    [Fact]
    public void Ftp_watch_defaults()
    {
        var ftp = Read("""
            [dag.ftp_watch]
            secret = "partner_ftp"
            directory = "/incoming"
            """).Valid().FtpWatch!;

        Assert.Equal(21, ftp.Port);
        Assert.False(ftp.Tls);
        Assert.Equal("*", ftp.Pattern);
        Assert.Null(ftp.ArchiveDir);
        Assert.Equal(TimeSpan.FromSeconds(30), ftp.PollInterval);
        Assert.Equal(30, ftp.StableSeconds);
    }

    [Fact]
    public void Reads_the_webhook_token_secret()
    {
        var dag = Read("""
            [dag.webhook]
            token_secret = "claims_hook_token"
            """).Valid();

        Assert.Equal(new WebhookSettings("claims_hook_token"), dag.Webhook);
    }

    [Fact]
    public void Reads_every_notify_field()
    {
        var notify = Read("""
            [dag.notify]
            on = ["failure", "success"]
            email = ["data@example.com", "ops@example.com"]
            webhook_secret = "slack_hook"
            """).Valid().Notify!;

        Assert.Equal([NotifyOn.Failure, NotifyOn.Success], notify.On);
        Assert.Equal(["data@example.com", "ops@example.com"], notify.Email);
        Assert.Equal("slack_hook", notify.WebhookSecret);
    }

    [Fact]
    public void Notify_defaults_to_failures_only()
    {
        var notify = Read("""
            [dag.notify]
            email = ["data@example.com"]
            """).Valid().Notify!;

        Assert.Equal([NotifyOn.Failure], notify.On);
        Assert.Null(notify.WebhookSecret);
    }
}
