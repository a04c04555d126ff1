using Microsoft.Data.Sqlite;
using Pit.Core.Dags;
using Pit.Core.Secrets;
using Pit.Core.Validation;
using Pit.Engine.Runners;
using Pit.Engine.Sdk;

namespace Pit.Engine.Tests.Runners;

/// <summary>The sql runner against a real SQLite file (and the real PostgreSQL server of the test run).</summary>
public sealed class SqlTaskExecutorSpecs : IDisposable
{
    private readonly TaskSandbox _box = new();
    private readonly List<(string Key, bool Found)> _audit = [];
    private readonly SqlTaskExecutor _executor = new();

    public void Dispose() => _box.Dispose();

    private string Database => Path.Combine(_box.Root, "warehouse.db");

    private TaskLaunch Sql(string name, string sql, string connection = "warehouse_db", string? secrets = null, TimeSpan? timeout = null)
    {
        _box.Write($"tasks/{name}.sql", sql);
        var errors = new ConfigErrorList();
        var file = SecretsFileReader.Parse("/etc/pit/secrets.toml", secrets ?? $"""
            [claims]
            warehouse_db = "sqlite://warehouse.db"
            """, errors)!;
        Assert.Equal(0, errors.Count);
        var source = new FileSecretSource(file, (_, key, found) => _audit.Add((key, found)));
        var task = new TaskDefinition { Name = name, Script = $"tasks/{name}.sql", Runner = TaskRunner.Sql, Connection = connection, Timeout = timeout };
        return _box.Launch(task) with { Secrets = source, WorkspaceRoot = _box.Root, Redactor = new Redactor(), Timeout = timeout };
    }

    private long Scalar(string sql)
    {
        using var db = new SqliteConnection($"Data Source={Database}");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    [Fact]
    public async Task A_multi_statement_file_runs_whole_and_its_log_names_the_connection_and_the_rows()
    {
        var launch = Sql("build", """
            CREATE TABLE claims (id INTEGER PRIMARY KEY, amount REAL);
            CREATE TEMP TABLE incoming (id INTEGER, amount REAL);
            INSERT INTO incoming VALUES (1, 10.5), (2, 20), (3, 0);
            INSERT INTO claims SELECT id, amount FROM incoming WHERE amount > 0;
            """);

        var outcome = await _executor.RunAsync(launch, _ => { }, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Describe());
        Assert.Equal(2, Scalar("SELECT COUNT(*) FROM claims"));
        var log = string.Join("\n", TaskSandbox.LogLines(launch));
        Assert.Contains("sql tasks/build.sql on connection warehouse_db", log);
        Assert.Contains("pit: running tasks/build.sql on connection warehouse_db (sqlite)", log);
        Assert.Matches(@"pit: \d+ rows affected in \d+\.\d{3} s", log);
        Assert.Contains("attempt 1 of task build succeeded", log);
        Assert.DoesNotContain("warehouse.db", log.Replace("(sqlite)", ""));
        Assert.Equal([("warehouse_db", true)], _audit);
    }

    [Fact]
    public async Task A_database_error_fails_the_attempt_with_the_databases_message_and_may_be_retried()
    {
        var launch = Sql("broken", "CREATE TABLE t (id INTEGER);\nSELEC nonsense;\n");

        var outcome = await _executor.RunAsync(launch, _ => { }, CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.True(outcome.Ran);
        Assert.Contains("syntax error", outcome.Error);
        var log = TaskSandbox.LogLines(launch);
        Assert.Contains(log, line => line.StartsWith("pit: ", StringComparison.Ordinal) && line.Contains("syntax error"));
        Assert.Contains("attempt 1 of task broken failed after", log[^1]);
    }

    [Fact]
    public async Task A_missing_secret_or_script_means_the_task_could_not_start_with_that_reason()
    {
        var noSecret = Sql("nosecret", "SELECT 1;", connection: "missing_db");
        var outcome = await _executor.RunAsync(noSecret, _ => { }, CancellationToken.None);
        Assert.False(outcome.Ran);
        Assert.StartsWith("connection 'missing_db': secret 'missing_db' not found", outcome.Error);
        Assert.Contains(("missing_db", false), _audit);

        var noScript = Sql("noscript", "SELECT 1;");
        File.Delete(Path.Combine(_box.Snapshot, "tasks/noscript.sql"));
        outcome = await _executor.RunAsync(noScript, _ => { }, CancellationToken.None);
        Assert.False(outcome.Ran);
        Assert.StartsWith("script tasks/noscript.sql not found in the run snapshot", outcome.Error);
    }

    [Fact]
    public async Task A_bad_connection_string_is_refused_without_showing_it()
    {
        var launch = Sql("bad", "SELECT 1;", secrets: """
            [claims]
            warehouse_db = "oracle://scott:tiger-secret@db"
            """);

        var outcome = await _executor.RunAsync(launch, _ => { }, CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("warehouse_db", outcome.Error);
        Assert.DoesNotContain("tiger-secret", outcome.Error);
        Assert.DoesNotContain("tiger-secret", File.ReadAllText(launch.LogFile));
    }

    [Fact]
    public async Task The_timeout_stops_a_running_query()
    {
        var launch = Sql("slow", """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)
            SELECT COUNT(*) FROM n;
            """, timeout: TimeSpan.FromMilliseconds(300));

        var outcome = await _executor.RunAsync(launch, _ => { }, CancellationToken.None);

        Assert.True(outcome.TimedOut, outcome.Describe());
        Assert.Contains(TaskSandbox.LogLines(launch), line => line.StartsWith("pit: timed out after", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Against_postgres_a_script_runs_and_a_sleep_is_cancelled_in_the_server()
    {
        var postgres = TestDatabases.Postgres;
        var secrets = $"[claims]\nwarehouse_db = \"{postgres}\"\n";
        var table = "pit_sql_runner_" + Guid.NewGuid().ToString("N")[..8];
        var build = Sql("pg_build", $"CREATE TABLE {table} (id int); INSERT INTO {table} VALUES (1), (2), (3); DROP TABLE {table};", secrets: secrets);
        var ok = await _executor.RunAsync(build, _ => { }, CancellationToken.None);
        Assert.True(ok.Succeeded, ok.Describe());
        Assert.Contains(TaskSandbox.LogLines(build), line => line.Contains("(postgres)"));

        var marker = "pit_sleep_" + Guid.NewGuid().ToString("N")[..8];
        using var cancel = new CancellationTokenSource();
        var sleep = Sql("pg_sleep", $"SELECT pg_sleep(60) AS {marker};", secrets: secrets);
        var running = _executor.RunAsync(sleep, _ => { }, cancel.Token);
        await TestDatabases.AwaitPostgresQuery(marker, present: true);
        await cancel.CancelAsync();

        var outcome = await running;
        Assert.True(outcome.Cancelled, outcome.Describe());
        await TestDatabases.AwaitPostgresQuery(marker, present: false);
    }
}
