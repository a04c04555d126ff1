namespace Pit.Core.Tests.Dags;

/// <summary>Validation of [dag] values and its integration tables, each with a failing fixture.</summary>
public sealed class DagValidationSpecs : IDisposable
{
    private const string Task = """

        [[tasks]]
        name = "a"
        script = "a.sh"
        """;

    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    /// <summary>Reads <c>[dag]</c> on line 1 followed by <paramref name="dag"/> from line 2, then one task.</summary>
    private DagRead Read(string dag) => _workspace.Read("p", "[dag]\n" + dag + "\n" + Task, "a.sh");

    [Theory]
    [InlineData("61 * * * *", "invalid cron")]
    [InlineData("* * *", "expected 5 fields")]
    [InlineData("@fortnightly", "invalid cron")]
    public void A_bad_cron_is_reported(string cron, string fragment)
    {
        var read = Read($"schedule = \"{cron}\"");

        Assert.Single(read.Errors);
        read.ErrorOn("dag.schedule").At(read.File, 2, 1, fragment);
    }

    [Fact]
    public void An_unknown_time_zone_is_reported()
    {
        var read = Read("timezone = \"Europe/Atlantis\"");

        read.ErrorOn("dag.timezone").At(read.File, 2, 1, "unknown time zone 'Europe/Atlantis'");
        Assert.Null(read.Dag!.Timezone);
    }

    [Fact]
    public void A_bad_overlap_lists_the_choices_and_suggests()
    {
        var read = Read("overlap = \"skipp\"");

        read.ErrorOn("dag.overlap").At(read.File, 2, 1, "'skipp' is not one of skip, queue, allow (did you mean 'skip'?)");
    }

    [Theory]
    [InlineData("timeout", "1 hour")]
    [InlineData("timeout", "90")]
    [InlineData("catchup_window", "2x")]
    public void A_bad_dag_duration_is_reported(string key, string value)
    {
        var read = Read($"catchup = \"all\"\n{key} = \"{value}\"");

        read.ErrorOn($"dag.{key}").At(read.File, 3, 1, $"invalid duration \"{value}\"");
    }

    [Fact]
    public void A_duration_must_be_a_string()
    {
        var read = Read("timeout = 30");

        read.ErrorOn("dag.timeout").At(read.File, 2, 1, "expected a string, got an integer (30)");
    }

    [Fact]
    public void Max_active_tasks_must_be_positive()
    {
        var read = Read("max_active_tasks = 0");

        read.ErrorOn("dag.max_active_tasks").At(read.File, 2, 1, "at least 1, got 0");
    }

    [Fact]
    public void An_unknown_artifact_is_reported()
    {
        var read = Read("keep_artifacts = [\"logs\", \"cache\"]");

        read.ErrorOn("dag.keep_artifacts").At(read.File, 2, 1, "'cache' is not one of logs, project, data");
    }

    [Fact]
    public void A_catchup_window_needs_catchup_all()
    {
        var read = Read("catchup = \"latest\"\ncatchup_window = \"1d\"");

        read.ErrorOn("dag.catchup_window").At(read.File, 3, 1, "only applies with catchup = \"all\"");
    }

    [Fact]
    public void Git_url_without_git_ref_is_reported()
    {
        var read = Read("git_url = \"https://example.com/x.git\"");

        Assert.Single(read.Errors);
        read.ErrorOn("dag.git_url").At(read.File, 2, 1, "git_url is set without git_ref");
    }

    [Fact]
    public void Git_ref_without_git_url_is_reported()
    {
        var read = Read("git_ref = \"v1.2\"");

        Assert.Single(read.Errors);
        read.ErrorOn("dag.git_ref").At(read.File, 2, 1, "git_ref is set without git_url");
    }

    [Fact]
    public void A_sql_table_needs_a_connection()
    {
        var read = Read("[dag.sql]\nconnection = \"  \"");

        read.ErrorOn("dag.sql.connection").At(read.File, 3, 1, "'connection' must not be empty");
    }

    [Fact]
    public void A_dbt_table_needs_version_adapter_and_connection()
    {
        var read = Read("[dag.dbt]\nprofile = \"analytics\"");

        Assert.Equal(3, read.Errors.Count);
        read.ErrorOn("dag.dbt.version").At(read.File, 3, 1, "missing required field 'version'");
        read.ErrorOn("dag.dbt.adapter").At(read.File, 3, 1, "missing required field 'adapter'");
        read.ErrorOn("dag.dbt.connection").At(read.File, 3, 1, "missing required field 'connection'");
    }

    [Fact]
    public void Dbt_threads_must_be_positive()
    {
        var read = Read("[dag.dbt]\nversion = \"1.9.1\"\nadapter = \"dbt-postgres\"\nconnection = \"w\"\nthreads = 0");

        read.ErrorOn("dag.dbt.threads").At(read.File, 6, 1, "at least 1, got 0");
    }

    [Fact]
    public void A_missing_dbt_project_dir_is_reported()
    {
        var read = Read("[dag.dbt]\nversion = \"1.9.1\"\nadapter = \"dbt-postgres\"\nconnection = \"w\"\nproject_dir = \"dbt\"");

        read.ErrorOn("dag.dbt.project_dir").At(read.File, 6, 1, "dbt project folder 'dbt' does not exist");
    }

    [Fact]
    public void A_dbt_project_dir_outside_the_project_is_reported()
    {
        var read = Read("[dag.dbt]\nversion = \"1.9.1\"\nadapter = \"dbt-postgres\"\nconnection = \"w\"\nproject_dir = \"../../dbt\"");

        read.ErrorOn("dag.dbt.project_dir").At(read.File, 6, 1, "resolves outside the project folder");
    }

    [Fact]
    public void Ftp_watch_needs_a_directory()
    {
        var read = Read("[dag.ftp_watch]\nsecret = \"ftp\"");

        read.ErrorOn("dag.ftp_watch.directory").At(read.File, 3, 1, "missing required field 'directory'");
    }

    [Fact]
    public void Ftp_watch_needs_a_secret_or_the_legacy_host()
    {
        var read = Read("[dag.ftp_watch]\ndirectory = \"/in\"");

        read.ErrorOn("dag.ftp_watch").At(read.File, 3, 1, "set secret");
    }

    [Fact]
    public void The_legacy_ftp_form_needs_user_and_password_secret()
    {
        var read = Read("[dag.ftp_watch]\ndirectory = \"/in\"\nhost = \"ftp.example.com\"");

        read.ErrorOn("dag.ftp_watch").At(read.File, 3, 1, "needs host, user and password_secret together");
    }

    [Fact]
    public void Bad_ftp_values_are_reported()
    {
        var read = Read("[dag.ftp_watch]\nsecret = \"ftp\"\ndirectory = \"/in\"\nport = 70000\ntls = \"yes\"\npoll_interval = \"often\"\nstable_seconds = -5");

        read.ErrorOn("dag.ftp_watch.port").At(read.File, 5, 1, "out of range");
        read.ErrorOn("dag.ftp_watch.tls").At(read.File, 6, 1, "expected true or false");
        read.ErrorOn("dag.ftp_watch.poll_interval").At(read.File, 7, 1, "invalid duration \"often\"");
        read.ErrorOn("dag.ftp_watch.stable_seconds").At(read.File, 8, 1, "at least 0, got -5");
    }

    [Fact]
    public void A_webhook_needs_a_token_secret()
    {
        var read = Read("[dag.webhook]\ntoken_secrt = \"x\"");

        read.ErrorOn("dag.webhook.token_secrt").At(read.File, 3, 1, "did you mean 'token_secret'?");
        read.ErrorOn("dag.webhook.token_secret").At(read.File, 3, 1, "missing required field 'token_secret'");
    }

    [Fact]
    public void Bad_notify_values_are_reported()
    {
        var read = Read("[dag.notify]\non = [\"failure\", \"retry\"]\nemail = [\"data-team\"]");

        read.ErrorOn("dag.notify.on").At(read.File, 3, 1, "'retry' is not one of failure, success");
        read.ErrorOn("dag.notify.email").At(read.File, 4, 1, "'data-team' is not an email address");
    }

    [Fact]
    public void A_requirement_needs_max_age_or_a_condition()
    {
        var read = Read("[dag.requires]\nupstream = { }");

        var error = read.ErrorOn("dag.requires.upstream");
        Assert.Equal(read.File, error.File);
        Assert.Equal(3, error.Line);
        Assert.Contains("give max_age", error.Message);
    }

    [Fact]
    public void A_window_condition_needs_a_window()
    {
        var read = Read("[dag.requires.upstream]\ncondition = \"within_window\"");

        read.ErrorOn("dag.requires.upstream").At(read.File, 3, 1, "needs a window");
    }

    [Fact]
    public void Bad_requirement_values_are_reported()
    {
        var read = Read("[dag.requires.upstream]\nmax_age = \"a day\"\ncondition = \"last_sucess\"\nmax_agee = \"1h\"");

        read.ErrorOn("dag.requires.upstream.max_age").At(read.File, 3, 1, "invalid duration \"a day\"");
        read.ErrorOn("dag.requires.upstream.condition").At(read.File, 4, 1, "did you mean 'last_success'?");
        read.ErrorOn("dag.requires.upstream.max_agee").At(read.File, 5, 1, "did you mean 'max_age'?");
    }

    [Fact]
    public void A_requirement_must_be_a_table()
    {
        var read = Read("[dag.requires]\nupstream = \"24h\"");

        read.ErrorOn("dag.requires.upstream").At(read.File, 3, 1, "expected a table");
    }
}
