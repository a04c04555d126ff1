using Microsoft.Data.Sqlite;
using Pit.Cli.Tests.Support;

namespace Pit.Cli.Tests.Commands;

/// <summary>SQL tasks, declarative data tasks and the SDK's data methods through real `pit run`s on SQLite files.</summary>
public sealed class SqlRunSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = TempWorkspace.ForRuns("secrets_dir = \"secrets.toml\"");

    public SqlRunSpecs()
    {
        _workspace.Write("secrets.toml", """
            [global]
            warehouse_db = "sqlite://data/warehouse.db"
            """);
    }

    public void Dispose() => _workspace.Dispose();

    private long Scalar(string sql)
    {
        using var db = new SqliteConnection($"Data Source={_workspace.PathOf("data", "warehouse.db")}");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    [Fact]
    public void A_sql_only_project_runs_its_files_in_dependency_order_with_no_python()
    {
        _workspace.Write("projects/mart/pit.toml", """
            [dag]
            name = "mart"
            [dag.sql]
            connection = "warehouse_db"
            [[tasks]]
            name = "raw"
            script = "sql/raw.sql"
            [[tasks]]
            name = "totals"
            script = "sql/totals.sql"
            depends_on = ["raw"]
            [[tasks]]
            name = "export"
            type = "save"
            source = "SELECT provider, total FROM totals ORDER BY provider"
            output = "totals"
            depends_on = ["totals"]
            [[tasks]]
            name = "reload"
            type = "load"
            source = "totals"
            table = "totals_copy"
            mode = "create_or_replace"
            depends_on = ["export"]
            """);
        _workspace.Write("projects/mart/sql/raw.sql", """
            CREATE TABLE IF NOT EXISTS raw (provider TEXT, amount REAL);
            DELETE FROM raw;
            INSERT INTO raw VALUES ('a', 1.5), ('a', 2.5), ('b', 4);
            """);
        _workspace.Write("projects/mart/sql/totals.sql", """
            DROP TABLE IF EXISTS totals;
            CREATE TABLE totals AS SELECT provider, SUM(amount) AS total FROM raw GROUP BY provider;
            """);
        Directory.CreateDirectory(_workspace.PathOf("data"));

        var dry = _workspace.Pit("run", "mart", "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Contains("nothing is started", dry.Stdout);
        Assert.Matches(@"raw\s+sql sql/raw\.sql on connection warehouse_db \(sqlite\)", dry.Stdout);
        Assert.Matches(@"reload\s+load totals into totals_copy \(create_or_replace\) on connection warehouse_db \(sqlite\)\s+export", dry.Stdout);
        Assert.False(File.Exists(_workspace.PathOf("data", "warehouse.db")));
        Assert.Empty(_workspace.RunIds("mart"));

        var run = _workspace.Pit("run", "mart");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, Scalar("SELECT COUNT(*) FROM totals_copy"));
        Assert.Equal(8, Scalar("SELECT SUM(total) FROM totals_copy"));
        var id = _workspace.OnlyRunId("mart");
        Assert.Contains("pit: running sql/totals.sql on connection warehouse_db (sqlite)", _workspace.ReadLog(id, "totals"));
        Assert.Contains("pit: saved 2 rows", _workspace.ReadLog(id, "export"));
        Assert.Contains("pit: loaded 2 rows", _workspace.ReadLog(id, "reload"));
        Assert.True(File.Exists(_workspace.RunPath(id, "data", "totals.parquet")));
    }

    [Fact]
    public void A_sql_error_fails_the_task_with_the_databases_message_and_a_missing_secret_says_which()
    {
        _workspace.Write("projects/broken/pit.toml", """
            [dag]
            name = "broken"
            [dag.sql]
            connection = "warehouse_db"
            [[tasks]]
            name = "typo"
            script = "typo.sql"
            [[tasks]]
            name = "elsewhere"
            script = "typo.sql"
            connection = "nowhere_db"
            """);
        _workspace.Write("projects/broken/typo.sql", "SELEC 1;\n");
        Directory.CreateDirectory(_workspace.PathOf("data"));

        var dry = _workspace.Pit("run", "broken", "--dry-run");
        var run = _workspace.Pit("run", "broken");

        Assert.Equal(1, dry.ExitCode);
        Assert.Contains("error: task elsewhere could not start: connection 'nowhere_db': secret 'nowhere_db' not found", dry.Stderr);
        Assert.Equal(1, run.ExitCode);
        var id = _workspace.OnlyRunId("broken");
        Assert.Contains("syntax error", _workspace.ReadLog(id, "typo"));
        Assert.Contains("connection 'nowhere_db': secret 'nowhere_db' not found", _workspace.ReadLog(id, "elsewhere"));
        var status = _workspace.Pit("status", id);
        Assert.Contains("syntax error", status.Stdout);
    }

    [Fact]
    public void A_python_task_writes_rows_loads_them_and_reads_a_query_back_without_any_driver()
    {
        _workspace.Write("projects/py/pit.toml", """
            [dag]
            name = "py"
            [[tasks]]
            name = "move"
            script = "move.py"
            """);
        _workspace.Write("projects/py/move.py", """
            import pit_sdk

            rows = [{"id": i, "name": f"claim {i}", "amount": i * 0.5, "paid": i % 2 == 0} for i in range(1, 101)]
            pit_sdk.write_output("claims", rows)
            loaded = pit_sdk.load_data("claims", "py_claims", "warehouse_db", mode="create_or_replace")
            print("loaded:", loaded["rows"])
            path = pit_sdk.output_sql("warehouse_db", "SELECT COUNT(*) AS n, SUM(amount) AS total FROM py_claims WHERE paid", "paid")
            print("saved:", path.endswith("/paid.parquet"))
            print("read back:", pit_sdk.read_input("paid"))
            print("read_sql:", pit_sdk.read_sql("warehouse_db", "SELECT name FROM py_claims WHERE id = 7"))
            try:
                pit_sdk.load_data("../secrets", "t", "warehouse_db")
            except pit_sdk.PitError as error:
                print("outside:", error.code)
            try:
                pit_sdk.read_sql("warehouse_db", "SELEC 1")
            except pit_sdk.SqlError as error:
                print("sql error:", error.code)
            """);
        Directory.CreateDirectory(_workspace.PathOf("data"));

        var run = _workspace.Pit("run", "py");

        Assert.True(run.ExitCode == 0, run.ToString());
        var log = _workspace.ReadLog(_workspace.OnlyRunId("py"), "move");
        Assert.Contains("loaded: 100", log);
        Assert.Contains("saved: True", log);
        Assert.Contains("read back: [{'n': 50, 'total': 1275.0}]", log);
        Assert.Contains("read_sql: [{'name': 'claim 7'}]", log);
        Assert.Contains("outside: bad_request", log);
        Assert.Contains("sql error: sql_error", log);
        Assert.Equal(100, Scalar("SELECT COUNT(*) FROM py_claims"));
    }

    [Fact]
    public void The_sample_warehouse_transforms_runs_for_real()
    {
        var sample = Path.Combine(RepositoryRoot.Path, "projects-sample");
        CopyFolder(sample, _workspace.Root, skip: ["runs", ".pit", "warehouse.db"]);
        _workspace.Write("pit_config.toml", $"python = \"{TempWorkspace.Python}\"\n" + File.ReadAllText(Path.Combine(sample, "pit_config.toml")));

        // As the README says: claims_pipeline loads raw_claims, then warehouse_transforms builds on it.
        var claims = _workspace.Pit("run", "claims_pipeline");
        var run = _workspace.Pit("run", "warehouse_transforms");

        Assert.True(claims.ExitCode == 0, claims.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        var raw = Scalar("SELECT COUNT(*) FROM raw_claims WHERE DATE(service_date) IS NOT NULL AND amount > 0");
        Assert.True(raw > 0);
        Assert.Equal(raw, Scalar("SELECT COUNT(*) FROM fact_claims"));
        Assert.Equal(Scalar("SELECT COUNT(DISTINCT provider_id) FROM staging_claims"), Scalar("SELECT COUNT(*) FROM dim_providers"));
        var id = _workspace.OnlyRunId("warehouse_transforms");
        Assert.True(File.Exists(_workspace.RunPath(id, "data", "claims_by_month.parquet")));
    }

    private static void CopyFolder(string from, string to, string[] skip)
    {
        foreach (var dir in Directory.GetDirectories(from))
        {
            if (skip.Contains(Path.GetFileName(dir))) continue;
            CopyFolder(dir, Directory.CreateDirectory(Path.Combine(to, Path.GetFileName(dir))).FullName, skip);
        }
        foreach (var file in Directory.GetFiles(from).Where(f => !skip.Contains(Path.GetFileName(f))))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
    }
}
