namespace Pit.Core.Tests.Dags;

/// <summary>Validation of [[tasks]] values: scripts, runners, retries, conditions, data tasks, env.</summary>
public sealed class TaskValidationSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    /// <summary>
    /// Lines 1-3 hold <c>[dag]</c> and <paramref name="dagTables"/> (one line or blank), line 4 is
    /// <c>[[tasks]]</c>, <paramref name="task"/> starts on line 5.
    /// </summary>
    private DagRead Read(string task, string dagTables = "", params string[] scripts) =>
        _workspace.Read("p", "[dag]\n" + (dagTables.Length == 0 ? "\n" : dagTables + "\n") + "\n[[tasks]]\n" + task, scripts);

    [Fact]
    public void A_missing_script_is_reported()
    {
        var read = Read("name = \"a\"\nscript = \"tasks/missing.py\"");

        Assert.Single(read.Errors);
        read.ErrorOn("tasks[0].script").At(read.File, 6, 1, "script 'tasks/missing.py' does not exist");
    }

    [Theory]
    [InlineData("../../x.sh")]
    [InlineData("../other_project/a.sh")]
    [InlineData("/etc/passwd.sh")]
    public void A_script_outside_the_project_is_reported(string script)
    {
        _workspace.Write("projects/other_project/a.sh", "");
        _workspace.Write("x.sh", "");

        var read = Read($"name = \"a\"\nscript = \"{script}\"");

        Assert.Single(read.Errors);
        read.ErrorOn("tasks[0].script").At(read.File, 6, 1, "resolves outside the project folder");
    }

    [Fact]
    public void A_script_in_a_sibling_folder_with_a_longer_name_is_outside()
    {
        _workspace.Write("projects/p2/a.sh", "");

        var read = Read("name = \"a\"\nscript = \"../p2/a.sh\"");

        read.ErrorOn("tasks[0].script").At(read.File, 6, 1, "resolves outside the project folder");
    }

    [Fact]
    public void A_git_backed_project_skips_the_script_existence_check()
    {
        var read = Read("name = \"a\"\nscript = \"tasks/in_the_repo.py\"", "git_url = \"https://example.com/r.git\"\ngit_ref = \"main\"");

        read.Valid();
    }

    [Fact]
    public void A_git_backed_project_still_refuses_scripts_outside_the_project()
    {
        var read = Read("name = \"a\"\nscript = \"../../x.py\"", "git_url = \"https://example.com/r.git\"\ngit_ref = \"main\"");

        read.ErrorOn("tasks[0].script").At(read.File, 7, 1, "resolves outside the project folder");
    }

    [Theory]
    [InlineData("tasks/report.rb", "'.rb'")]
    [InlineData("tasks/report", "'(no extension)'")]
    public void An_extension_without_a_runner_is_reported(string script, string fragment)
    {
        var read = Read($"name = \"a\"\nscript = \"{script}\"", "", script);

        Assert.Single(read.Errors);
        read.ErrorOn("tasks[0].script").At(read.File, 6, 1, $"no runner for {fragment} files");
    }

    [Fact]
    public void An_unknown_runner_is_reported()
    {
        var read = Read("name = \"a\"\nscript = \"a.py\"\nrunner = \"ruby\"", "", "a.py");

        read.ErrorOn("tasks[0].runner").At(read.File, 7, 1, "unknown runner 'ruby'");
    }

    [Fact]
    public void A_dollar_runner_needs_a_command()
    {
        var read = Read("name = \"a\"\nscript = \"a.js\"\nrunner = \"$  \"", "", "a.js");

        read.ErrorOn("tasks[0].runner").At(read.File, 7, 1, "needs a command after '$'");
    }

    [Fact]
    public void A_sql_task_without_dag_sql_is_reported()
    {
        var read = Read("name = \"a\"\nscript = \"tasks/a.sql\"", "", "tasks/a.sql");

        Assert.Single(read.Errors);
        read.ErrorOn("tasks[0].script").At(read.File, 6, 1, "sql task without a connection");
    }

    [Fact]
    public void A_declared_sql_runner_without_dag_sql_is_reported()
    {
        var read = Read("name = \"a\"\nscript = \"tasks/a.txt\"\nrunner = \"sql\"", "", "tasks/a.txt");

        read.ErrorOn("tasks[0].script").At(read.File, 6, 1, "add [dag.sql]");
    }

    [Fact]
    public void A_dbt_task_without_dag_dbt_is_reported()
    {
        var read = Read("name = \"models\"\nrunner = \"dbt\"\nscript = \"build\"");

        Assert.Single(read.Errors);
        read.ErrorOn("tasks[0].runner").At(read.File, 6, 1, "dbt task in a DAG without [dag.dbt]");
    }

    [Theory]
    [InlineData("timeout", "forever")]
    [InlineData("retry_delay", "5 s")]
    [InlineData("max_retry_delay", "1y")]
    public void A_bad_task_duration_is_reported(string key, string value)
    {
        var read = Read($"name = \"a\"\nscript = \"a.sh\"\n{key} = \"{value}\"", "", "a.sh");

        read.ErrorOn($"tasks[0].{key}").At(read.File, 7, 1, $"invalid duration \"{value}\"");
    }

    [Fact]
    public void A_bad_condition_suggests_the_near_miss()
    {
        var read = Read("name = \"a\"\nscript = \"a.sh\"\ncondition = \"all_sucess\"", "", "a.sh");

        read.ErrorOn("tasks[0].condition").At(read.File, 7, 1, "'all_sucess' is not one of all_success, all_done, one_failed, always (did you mean 'all_success'?)");
    }

    [Fact]
    public void Negative_retries_are_reported()
    {
        var read = Read("name = \"a\"\nscript = \"a.sh\"\nretries = -1", "", "a.sh");

        read.ErrorOn("tasks[0].retries").At(read.File, 7, 1, "at least 0, got -1");
    }

    [Fact]
    public void A_backoff_below_one_is_reported()
    {
        var read = Read("name = \"a\"\nscript = \"a.sh\"\nretry_backoff = 0.5", "", "a.sh");

        read.ErrorOn("tasks[0].retry_backoff").At(read.File, 7, 1, "at least 1, got 0.5");
    }

    [Fact]
    public void A_max_retry_delay_below_the_retry_delay_is_reported()
    {
        var read = Read("name = \"a\"\nscript = \"a.sh\"\nretry_delay = \"5m\"\nmax_retry_delay = \"1m\"", "", "a.sh");

        read.ErrorOn("tasks[0].max_retry_delay").At(read.File, 8, 1, "shorter than retry_delay");
    }

    [Fact]
    public void An_unknown_retry_on_word_is_reported()
    {
        var read = Read("name = \"a\"\nscript = \"a.sh\"\nretry_on = \"always\"", "", "a.sh");

        read.ErrorOn("tasks[0].retry_on").At(read.File, 7, 1, "'always' is not one of any, timeout");
    }

    [Fact]
    public void A_retry_on_of_the_wrong_type_is_reported()
    {
        var read = Read("name = \"a\"\nscript = \"a.sh\"\nretry_on = 3", "", "a.sh");

        read.ErrorOn("tasks[0].retry_on").At(read.File, 7, 1, "expected a table, got an integer (3)");
    }

    [Fact]
    public void Retry_on_exit_codes_must_be_listed()
    {
        var read = Read("name = \"a\"\nscript = \"a.sh\"\nretry_on = { exit_codes = [] }", "", "a.sh");

        var error = read.ErrorOn("tasks[0].retry_on.exit_codes");
        Assert.Equal((read.File, 7), (error.File, error.Line));
        Assert.Contains("non-empty exit_codes", error.Message);
    }

    [Fact]
    public void Retry_on_exit_codes_must_be_in_range()
    {
        var read = Read("name = \"a\"\nscript = \"a.sh\"\nretry_on = { exit_codes = [1, 300] }", "", "a.sh");

        var error = read.ErrorOn("tasks[0].retry_on.exit_codes");
        Assert.Equal((read.File, 7), (error.File, error.Line));
        Assert.Contains("exit code 300 is out of range (1-255)", error.Message);
    }

    [Fact]
    public void Retry_on_rejects_unknown_keys()
    {
        var read = Read("name = \"a\"\nscript = \"a.sh\"\nretry_on = { exit_code = [1] }", "", "a.sh");

        var error = read.ErrorOn("tasks[0].retry_on.exit_code");
        Assert.Equal(7, error.Line);
        Assert.Contains("did you mean 'exit_codes'?", error.Message);
    }

    [Fact]
    public void Env_cannot_override_pit_variables()
    {
        var read = Read("name = \"a\"\nscript = \"a.sh\"\n\n[tasks.env]\nPIT_RUN_ID = \"x\"\nMODE = [\"a\"]", "", "a.sh");

        read.ErrorOn("tasks[0].env.PIT_RUN_ID").At(read.File, 9, 1, "PIT_* variables are set by Pit");
        read.ErrorOn("tasks[0].env.MODE").At(read.File, 10, 1, "expected a string, number or boolean, got an array");
    }

    [Fact]
    public void A_load_task_needs_source_table_and_connection()
    {
        var read = Read("name = \"l\"\ntype = \"load\"");

        Assert.Equal(3, read.Errors.Count);
        Assert.Contains("'source'", read.ErrorOn("tasks[0].source").Message);
        Assert.Contains("'table'", read.ErrorOn("tasks[0].table").Message);
        Assert.Contains("without a connection", read.ErrorOn("tasks[0].connection").Message);
        Assert.All(read.Errors, e => Assert.InRange(e.Line, 4, 5));
    }

    [Fact]
    public void A_save_task_needs_an_output_and_takes_no_mode()
    {
        var read = Read("name = \"s\"\ntype = \"save\"\nsource = \"select 1\"\nconnection = \"db\"\nmode = \"append\"");

        Assert.Equal(2, read.Errors.Count);
        Assert.Contains("'output'", read.ErrorOn("tasks[0].output").Message);
        read.ErrorOn("tasks[0].mode").At(read.File, 9, 1, "mode only applies to load tasks");
    }

    [Fact]
    public void A_data_task_has_no_script()
    {
        var read = Read("name = \"l\"\ntype = \"load\"\nsource = \"x.parquet\"\ntable = \"t\"\nconnection = \"db\"\nscript = \"a.sh\"", "", "a.sh");

        Assert.Single(read.Errors);
        read.ErrorOn("tasks[0].script").At(read.File, 10, 1, "has no script");
    }

    [Fact]
    public void A_bad_data_task_type_is_reported()
    {
        var read = Read("name = \"l\"\ntype = \"copy\"");

        read.ErrorOn("tasks[0].type").At(read.File, 6, 1, "'copy' is not one of load, save");
    }

    [Fact]
    public void A_bad_load_mode_is_reported()
    {
        var read = Read("name = \"l\"\ntype = \"load\"\nsource = \"x.parquet\"\ntable = \"t\"\nconnection = \"db\"\nmode = \"replace\"");

        read.ErrorOn("tasks[0].mode").At(read.File, 10, 1, "'replace' is not one of append, truncate_and_load, create_or_replace");
    }

    [Fact]
    public void Data_fields_on_a_script_task_are_reported()
    {
        var read = Read("name = \"a\"\nscript = \"a.sh\"\ntable = \"t\"", "", "a.sh");

        read.ErrorOn("tasks[0].table").At(read.File, 7, 1, "only applies to data tasks");
    }

    [Fact]
    public void A_sql_task_takes_the_dags_connection_or_its_own_and_other_runners_take_none()
    {
        var inherited = Read("name = \"a\"\nscript = \"a.sql\"", "[dag.sql]\nconnection = \"warehouse_db\"", "a.sql").Valid();
        var own = Read("name = \"a\"\nscript = \"a.sql\"\nconnection = \"other_db\"", "", "a.sql").Valid();
        var shell = Read("name = \"a\"\nscript = \"a.sh\"\nconnection = \"db\"", "", "a.sh");

        Assert.Equal("warehouse_db", inherited.Tasks[0].Connection);
        Assert.Equal("other_db", own.Tasks[0].Connection);
        shell.ErrorOn("tasks[0].connection").At(shell.File, 7, 1, "only applies to sql tasks and data tasks");
    }

    [Fact]
    public void A_data_task_takes_no_runner()
    {
        var read = Read("name = \"l\"\ntype = \"load\"\nsource = \"x.parquet\"\ntable = \"t\"\nconnection = \"db\"\nrunner = \"bash\"");

        Assert.Single(read.Errors);
        read.ErrorOn("tasks[0].runner").At(read.File, 10, 1, "takes no runner");
    }

    [Fact]
    public void A_zero_timeout_is_reported()
    {
        var read = Read("name = \"a\"\nscript = \"a.sh\"\ntimeout = \"0s\"", "", "a.sh");

        read.ErrorOn("tasks[0].timeout").At(read.File, 7, 1, "must be longer than zero");
    }

    [Fact]
    public void A_zero_retry_delay_is_allowed()
    {
        var read = Read("name = \"a\"\nscript = \"a.sh\"\nretries = 1\nretry_delay = \"0s\"", "", "a.sh");

        Assert.Equal(TimeSpan.Zero, read.Valid().Tasks[0].RetryDelay);
    }
}
