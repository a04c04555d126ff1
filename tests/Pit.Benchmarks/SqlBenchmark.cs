using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Pit.Benchmarks;

/// <summary>
/// The data connectors (issue 5) on 1,000,000 rows of (int, string, double, timestamp), through real
/// `pit run`s: a Python task streams a PostgreSQL table into Parquet with <c>pit_sdk.output_sql</c>,
/// then declarative load tasks bulk-load that file into PostgreSQL (binary COPY) and into SQLite.
/// The baseline, timed in the same run against the same server: <c>psql -c "\copy … from … csv"</c>
/// of the same rows as CSV. Figures come from each task's own log line (rows and seconds of the
/// load itself); peak RSS is the whole <c>pit run</c>'s. PostgreSQL's address comes from
/// PIT_TEST_POSTGRES (<c>.ci/services/postgres.sh start</c> prints it).
/// </summary>
internal static partial class SqlBenchmark
{
    private const string Python = "/usr/bin/python3";
    private const int Rows = 1_000_000;

    private sealed record Pg(string Host, string Port, string User, string Database)
    {
        public string[] Psql(params string[] args) => ["-h", Host, "-p", Port, "-U", User, "-d", Database, "-X", "-q", "-v", "ON_ERROR_STOP=1", .. args];

        public string Url => $"postgresql://{User}@{Host}:{Port}/{Database}";
    }

    public static string Run(BenchmarkOptions options, string pitDll, string scratch)
    {
        var pg = Address();
        var workspace = Path.Combine(scratch, "sql");
        var csv = Path.Combine(workspace, "rows.csv");
        Generate(workspace, pg);

        Console.WriteLine($"SQL: filling bench_source with {Rows:N0} rows and exporting them as CSV …");
        Psql(pg, workspace, """
            DROP TABLE IF EXISTS bench_source, bench_target;
            CREATE TABLE bench_source (id int, name text, amount double precision, at timestamp);
            CREATE TABLE bench_target (id int, name text, amount double precision, at timestamp);
            """);
        Psql(pg, workspace, $"INSERT INTO bench_source SELECT i, 'claim ' || i, i * 0.25, timestamp '2026-01-01' + i * interval '1 second' FROM generate_series(1, {Rows}) AS i;");
        Psql(pg, workspace, $"\\copy bench_source to '{csv}' csv");

        var memory = PeakMemory.Choose(options.PollRss, scratch);
        var psql = new List<double>();
        var export = new List<double>();
        var loadPg = new List<double>();
        var loadSqlite = new List<double>();
        var rss = new List<long>();
        for (var i = 0; i < options.EngineWarmups + options.EngineRuns; i++)
        {
            var measured = i >= options.EngineWarmups;
            Psql(pg, workspace, "TRUNCATE bench_target;");
            var copy = ChildProcess.Run("psql", pg.Psql("-c", $"\\copy bench_target from '{csv}' csv"), workspace);
            if (copy.ExitCode != 0) throw new InvalidOperationException($"psql \\copy failed\n{copy.Tails()}");

            var run = memory.RunDotnet([pitDll, "run", "sqlbench", "--project-dir", workspace], workspace, scratch);
            if (run.Result.ExitCode != 0) throw new InvalidOperationException($"the SQL benchmark run failed\n{run.Result.Tails()}");
            var runDir = Directory.GetDirectories(Path.Combine(workspace, "runs")).Order(StringComparer.Ordinal).Last();
            var logs = Path.Combine(runDir, "logs");
            Console.WriteLine($"  {(measured ? "run" : "warm-up")} {i + 1}: psql {copy.WallMs / 1000:0.00} s, pit run {run.Result.WallMs / 1000:0.00} s, peak RSS {run.PeakRssKb / 1024.0:0} MB");
            if (!measured) continue;
            psql.Add(copy.WallMs / 1000);
            export.Add(Seconds(logs, "export", ExportLine()));
            loadPg.Add(Seconds(logs, "load_pg", LoadLine()));
            loadSqlite.Add(Seconds(logs, "load_sqlite", LoadLine()));
            rss.Add(run.PeakRssKb);
        }
        return Report(psql, export, loadPg, loadSqlite, rss, memory.Method, options.EngineRuns);
    }

    private static Pg Address()
    {
        var text = Environment.GetEnvironmentVariable("PIT_TEST_POSTGRES")
            ?? throw new InvalidOperationException("PIT_TEST_POSTGRES is not set: start PostgreSQL with `.ci/services/postgres.sh start` and export the line it prints");
        var parts = text.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        return new Pg(parts.GetValueOrDefault("host", "127.0.0.1"), parts.GetValueOrDefault("port", "5432"),
            parts.GetValueOrDefault("username", "postgres"), parts.GetValueOrDefault("database", "postgres"));
    }

    private static void Psql(Pg pg, string workspace, string command)
    {
        var result = ChildProcess.Run("psql", pg.Psql("-c", command), workspace);
        if (result.ExitCode != 0) throw new InvalidOperationException($"psql failed: {command}\n{result.Tails()}");
    }

    private static void Generate(string workspace, Pg pg)
    {
        Directory.CreateDirectory(Path.Combine(workspace, "projects", "sqlbench"));
        File.WriteAllText(Path.Combine(workspace, "pit_config.toml"), $"python = \"{Python}\"\nsecrets_dir = \"secrets.toml\"\nkeep_artifacts = [\"logs\"]\n");
        File.WriteAllText(Path.Combine(workspace, "secrets.toml"), $"[global]\nbench_pg = \"{pg.Url}\"\nbench_sqlite = \"sqlite://bench.db\"\n");
        File.WriteAllText(Path.Combine(workspace, "projects", "sqlbench", "pit.toml"), """
            [dag]
            name = "sqlbench"
            max_active_tasks = 1

            [[tasks]]
            name = "export"
            script = "export.py"

            [[tasks]]
            name = "load_pg"
            type = "load"
            source = "rows"
            table = "bench_target"
            mode = "truncate_and_load"
            connection = "bench_pg"
            depends_on = ["export"]

            [[tasks]]
            name = "load_sqlite"
            type = "load"
            source = "rows"
            table = "bench_target"
            mode = "create_or_replace"
            connection = "bench_sqlite"
            depends_on = ["load_pg"]
            """);
        File.WriteAllText(Path.Combine(workspace, "projects", "sqlbench", "export.py"), """
            from pit_sdk.connection import client

            saved = client().call("output_sql", connection="bench_pg", query="SELECT * FROM bench_source", name="rows")
            print(f"exported {saved['rows']} rows in {saved['seconds']:.3f} s")
            """);
    }

    [GeneratedRegex(@"loaded (\d+) rows in \d+ row groups in ([\d.]+) s")]
    private static partial Regex LoadLine();

    [GeneratedRegex(@"exported (\d+) rows in ([\d.]+) s")]
    private static partial Regex ExportLine();

    private static double Seconds(string logs, string task, Regex line)
    {
        var text = File.ReadAllText(Path.Combine(logs, task + ".log"));
        var match = line.Match(text);
        if (!match.Success) throw new InvalidOperationException($"no timing line in the {task} log:\n{text}");
        if (long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) != Rows)
            throw new InvalidOperationException($"{task} moved {match.Groups[1].Value} rows, expected {Rows}");
        return double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
    }

    private static double Median(List<double> samples)
    {
        var sorted = samples.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string Report(List<double> psql, List<double> export, List<double> loadPg, List<double> loadSqlite, List<long> rss, string rssMethod, int runs)
    {
        var baseline = Median(psql);
        var text = new StringBuilder();
        text.AppendLine($"## SQL connectors: {Rows:N0} rows × (int, text, double, timestamp), medians of {runs} runs");
        text.AppendLine();
        text.AppendLine("| path | seconds | rows/s | vs psql \\copy (time ratio) |");
        text.AppendLine("|---|---:|---:|---:|");
        void Row(string name, double seconds, bool compare) =>
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {seconds:0.000} | {Rows / seconds:N0} | {(compare ? $"{seconds / baseline:0.00}×" : "—")} |");
        Row("psql `\\copy … from … csv` → PostgreSQL (baseline)", baseline, compare: false);
        Row("Parquet → PostgreSQL (load task, binary COPY)", Median(loadPg), compare: true);
        Row("Parquet → SQLite (load task)", Median(loadSqlite), compare: false);
        Row("PostgreSQL → Parquet (`output_sql`)", Median(export), compare: false);
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Peak RSS of the whole `pit run` (export, then both loads): median {Median(rss.Select(kb => kb / 1024.0).ToList()):0} MB, max {rss.Max() / 1024.0:0} MB ({rssMethod}).");
        text.AppendLine("Goals: ≥ 600k rows/s into PostgreSQL and within 1.2× of psql's time, ≥ 350k rows/s into SQLite, peak RSS ≤ 250 MB.");
        return text.ToString();
    }
}
