using Pit.Core.Dags;

namespace Pit.Core.Tests.Dags;

/// <summary>Parsing of every <c>[[tasks]]</c> field.</summary>
public sealed class TaskReaderSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private TaskDefinition ReadTask(string task, string dagTables = "", params string[] scripts) =>
        Assert.Single(_workspace.Read("p", $"""
            [dag]
            {dagTables}

            [[tasks]]
            {task}
            """, scripts).Valid().Tasks);

    [Fact]
    public void Reads_every_field_of_a_script_task()
    {
        _workspace.Write("projects/p/tasks/load.py", "");
        var dag = _workspace.Read("p", """
            [dag]

            [[tasks]]
            name = "extract"
            script = "tasks/extract.py"

            [[tasks]]
            name = "load"
            script = "tasks/load.py"
            runner = "python"
            depends_on = ["extract"]
            timeout = "45m"
            retries = 3
            retry_delay = "30s"
            retry_backoff = 2.5
            max_retry_delay = "10m"
            retry_on = "timeout"
            condition = "all_done"
            pool = "db"
            env = { MODE = "prod", BATCH = 500, DRY_RUN = false }
            """, "tasks/extract.py").Valid();

        var task = dag.Tasks[1];
        Assert.Equal("load", task.Name);
        Assert.Equal("tasks/load.py", task.Script);
        Assert.Equal(TaskRunner.Python, task.Runner);
        Assert.Equal(["extract"], task.DependsOn);
        Assert.Equal(TimeSpan.FromMinutes(45), task.Timeout);
        Assert.Equal(3, task.Retries);
        Assert.Equal(TimeSpan.FromSeconds(30), task.RetryDelay);
        Assert.Equal(2.5, task.RetryBackoff);
        Assert.Equal(TimeSpan.FromMinutes(10), task.MaxRetryDelay);
        Assert.Equal(RetryOnKind.Timeout, task.RetryOn.Kind);
        Assert.Equal(TaskCondition.AllDone, task.Condition);
        Assert.Equal("db", task.Pool);
        Assert.Equal(new Dictionary<string, string> { ["MODE"] = "prod", ["BATCH"] = "500", ["DRY_RUN"] = "false" }, task.Env);
        Assert.Null(task.Data);
    }

    [Fact]
    public void Task_defaults()
    {
        var task = ReadTask("""
            name = "a"
            script = "a.sh"
            """, "", "a.sh");

        Assert.Equal(TaskRunner.Bash, task.Runner);
        Assert.Empty(task.DependsOn);
        Assert.Null(task.Timeout);
        Assert.Equal(0, task.Retries);
        Assert.Equal(TimeSpan.Zero, task.RetryDelay);
        Assert.Equal(1, task.RetryBackoff);
        Assert.Null(task.MaxRetryDelay);
        Assert.Equal(RetryOn.Any, task.RetryOn);
        Assert.Equal(TaskCondition.AllSuccess, task.Condition);
        Assert.Null(task.Pool);
        Assert.Empty(task.Env);
        Assert.Null(task.Data);
    }

    [Theory]
    [InlineData("run.py", RunnerKind.Python)]
    [InlineData("run.sh", RunnerKind.Bash)]
    [InlineData("RUN.PY", RunnerKind.Python)]
    public void The_runner_follows_the_extension(string script, RunnerKind expected)
    {
        var task = ReadTask($"""
            name = "a"
            script = "{script}"
            """, "", script);

        Assert.Equal(expected, task.Runner.Kind);
    }

    [Fact]
    public void A_sql_file_runs_with_the_sql_runner()
    {
        var task = ReadTask("""
            name = "a"
            script = "tasks/a.sql"
            """, "[dag.sql]\nconnection = \"warehouse\"", "tasks/a.sql");

        Assert.Equal(TaskRunner.Sql, task.Runner);
    }

    [Theory]
    [InlineData("python", RunnerKind.Python)]
    [InlineData("bash", RunnerKind.Bash)]
    public void A_declared_runner_wins_over_the_extension(string runner, RunnerKind expected)
    {
        var task = ReadTask($"""
            name = "a"
            script = "tasks/job"
            runner = "{runner}"
            """, "", "tasks/job");

        Assert.Equal(expected, task.Runner.Kind);
    }

    [Fact]
    public void A_dollar_runner_is_a_custom_command()
    {
        var task = ReadTask("""
            name = "a"
            script = "tasks/report.js"
            runner = "$ node --max-old-space-size=512"
            """, "", "tasks/report.js");

        Assert.Equal(new TaskRunner(RunnerKind.Custom, "node --max-old-space-size=512"), task.Runner);
        Assert.Equal("$ node --max-old-space-size=512", task.Runner.ToString());
    }

    [Fact]
    public void A_dbt_task_keeps_its_command_as_script()
    {
        var task = ReadTask("""
            name = "models"
            runner = "dbt"
            script = "build --select staging+"
            """, """
            [dag.dbt]
            version = "1.9.1"
            adapter = "dbt-postgres"
            connection = "warehouse"
            """);

        Assert.Equal(TaskRunner.Dbt, task.Runner);
        Assert.Equal("build --select staging+", task.Script);
    }

    [Fact]
    public void Reads_retry_on_any()
    {
        var task = ReadTask("""
            name = "a"
            script = "a.sh"
            retry_on = "any"
            """, "", "a.sh");

        Assert.Equal(RetryOnKind.Any, task.RetryOn.Kind);
    }

    [Fact]
    public void Reads_retry_on_exit_codes()
    {
        var task = ReadTask("""
            name = "a"
            script = "a.sh"
            retries = 2
            retry_on = { exit_codes = [75, 111] }
            """, "", "a.sh");

        Assert.Equal(RetryOnKind.ExitCodes, task.RetryOn.Kind);
        Assert.Equal([75, 111], task.RetryOn.ExitCodes);
    }

    [Theory]
    [InlineData("all_success", TaskCondition.AllSuccess)]
    [InlineData("all_done", TaskCondition.AllDone)]
    [InlineData("one_failed", TaskCondition.OneFailed)]
    [InlineData("always", TaskCondition.Always)]
    public void Reads_each_condition(string text, TaskCondition expected)
    {
        var task = ReadTask($"""
            name = "a"
            script = "a.sh"
            condition = "{text}"
            """, "", "a.sh");

        Assert.Equal(expected, task.Condition);
    }

    [Fact]
    public void An_integer_backoff_is_a_multiplier()
    {
        var task = ReadTask("""
            name = "a"
            script = "a.sh"
            retry_backoff = 2
            """, "", "a.sh");

        Assert.Equal(2.0, task.RetryBackoff);
    }

    [Fact]
    public void Reads_a_load_data_task()
    {
        var task = ReadTask("""
            name = "load_claims"
            type = "load"
            source = "claims.parquet"
            table = "staging.claims"
            mode = "truncate_and_load"
            connection = "warehouse"
            """);

        Assert.Equal(TaskRunner.Data, task.Runner);
        Assert.Null(task.Script);
        Assert.Equal(new DataTask(DataTaskType.Load, "claims.parquet", null, "staging.claims", LoadMode.TruncateAndLoad, "warehouse"), task.Data);
    }

    [Fact]
    public void Reads_a_save_data_task()
    {
        var task = ReadTask("""
            name = "export"
            type = "save"
            source = "select * from claims"
            output = "claims_export"
            connection = "warehouse"
            """);

        Assert.Equal(new DataTask(DataTaskType.Save, "select * from claims", "claims_export", null, LoadMode.Append, "warehouse"), task.Data);
    }

    [Theory]
    [InlineData("append", LoadMode.Append)]
    [InlineData("truncate_and_load", LoadMode.TruncateAndLoad)]
    [InlineData("create_or_replace", LoadMode.CreateOrReplace)]
    public void Reads_each_load_mode(string text, LoadMode expected)
    {
        var task = ReadTask($"""
            name = "l"
            type = "load"
            source = "x.parquet"
            table = "t"
            mode = "{text}"
            connection = "db"
            """);

        Assert.Equal(expected, task.Data!.Mode);
    }

    [Fact]
    public void A_data_task_falls_back_to_the_dag_sql_connection()
    {
        var task = ReadTask("""
            name = "l"
            type = "load"
            source = "x.parquet"
            table = "t"
            """, "[dag.sql]\nconnection = \"warehouse\"");

        Assert.Equal("warehouse", task.Data!.Connection);
        Assert.Equal(LoadMode.Append, task.Data.Mode);
    }
}
