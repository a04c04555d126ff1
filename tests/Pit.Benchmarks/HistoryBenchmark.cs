using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Pit.Engine.Persistence;

namespace Pit.Benchmarks;

/// <summary>
/// The history suite (issue 8): a journal of <c>--history-runs</c> runs × 10 tasks (≈ 42 events a run)
/// written through Pit's real persistence path (<see cref="HistoryJournal"/>), then, each against a
/// same-run baseline: <c>pit history &lt;dag&gt; --since 7d</c> against <c>pit --version</c>;
/// <c>pit history --rebuild</c>'s events/s against a raw full scan of the journal table
/// (<c>SELECT count(*), sum(length(message)) FROM journal</c>, in-process); and <c>pit serve</c>'s
/// start-up to its "listening" line against the same start on the same DAGs with an empty journal.
/// </summary>
internal static partial class HistoryBenchmark
{
    public const double QueryGoalMs = 500;
    public const double RebuildGoalEventsPerSecond = 100_000;
    public const double StartupGoalMs = 2000;
    private const int Tasks = 10;
    private const int Dags = 10;

    public static string Run(BenchmarkOptions options, string pitDll, string scratch)
    {
        var workspace = Path.Combine(scratch, "history");
        var empty = Path.Combine(scratch, "history-empty");
        WriteWorkspace(workspace);
        WriteWorkspace(empty);
        var db = Path.Combine(workspace, ".pit", "pit.db");

        Console.WriteLine($"writing a journal of {options.HistoryRuns} runs × {Tasks} tasks through the real persistence path …");
        var clock = Stopwatch.StartNew();
        var events = HistoryJournal.Generate(db, options.HistoryRuns, Tasks, Dags, DateTimeOffset.UtcNow);
        var generated = clock.Elapsed;
        Console.WriteLine($"  {events} events in {generated.TotalSeconds:0.0}s; journal file {new FileInfo(db).Length / 1024 / 1024} MiB");

        Console.WriteLine("timing the raw journal scan (baseline) …");
        var scans = Enumerable.Range(0, options.EngineRuns + 1).Select(_ => ScanJournal(db)).Skip(1).ToList();

        Console.WriteLine($"timing pit history --rebuild ({options.EngineRuns}×) …");
        var rebuilds = Enumerable.Range(0, options.EngineRuns).Select(_ => Rebuild(pitDll, workspace)).ToList();

        var dag = HistoryJournal.DagName(3);
        var version = new TimedCommand("pit --version", [pitDll, "--version"], workspace);
        var history = new TimedCommand($"pit history {dag} --since 7d", [pitDll, "history", dag, "--since", "7d"], workspace);
        var printed = ChildProcess.Run("dotnet", history.Arguments, workspace).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
        Console.WriteLine($"timing {history.Label} ({printed} events printed) against pit --version: {options.Warmups} warm-up + {options.Runs} runs …");
        var query = CommandTimer.Measure([version, history], options.Warmups, options.Runs);

        Console.WriteLine($"timing pit serve start-up to listening ({options.EngineRuns}× each, with and without the journal) …");
        var startEmpty = new List<double>();
        var startFull = new List<double>();
        for (var i = 0; i < options.EngineRuns; i++)
        {
            startEmpty.Add(StartServe(pitDll, empty));
            startFull.Add(StartServe(pitDll, workspace));
        }

        return Render(options, events, generated, printed, scans, rebuilds, query, startEmpty, startFull, pitDll);
    }

    private static void WriteWorkspace(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "projects"));
        File.WriteAllText(Path.Combine(root, "pit_config.toml"), "runs_dir = \"runs\"\n");
        for (var d = 0; d < Dags; d++)
        {
            var name = HistoryJournal.DagName(d);
            var folder = Path.Combine(root, "projects", name);
            Directory.CreateDirectory(Path.Combine(folder, "tasks"));
            File.WriteAllText(Path.Combine(folder, "tasks", "noop.sh"), "true\n");
            var toml = new StringBuilder($"[dag]\nname = \"{name}\"\n");
            for (var t = 0; t < Tasks; t++)
            {
                toml.Append(CultureInfo.InvariantCulture, $"\n[[tasks]]\nname = \"t{t:00}\"\nscript = \"tasks/noop.sh\"\n");
                if (t > 0) toml.Append(CultureInfo.InvariantCulture, $"depends_on = [\"t{t - 1:00}\"]\n");
            }
            File.WriteAllText(Path.Combine(folder, "pit.toml"), toml.ToString());
        }
    }

    /// <summary>Reads every journal row's payload once: how fast SQLite alone goes through the table. (rows, ms)</summary>
    private static (long Rows, double Ms) ScanJournal(string db)
    {
        var clock = Stopwatch.StartNew();
        using var connection = new SqliteConnection(SqliteMetadataDb.ConnectionString(db));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*), sum(length(message)) FROM journal";
        using var reader = command.ExecuteReader();
        reader.Read();
        var rows = reader.GetInt64(0);
        return (rows, clock.Elapsed.TotalMilliseconds);
    }

    [GeneratedRegex(@"from (\d+) journal event\(s\) in ([\d.]+)s \((\d+) events/s\)")]
    private static partial Regex RebuiltLine();

    /// <summary>One <c>pit history --rebuild</c>: the events/s it reports and its wall time (ms).</summary>
    private static (double EventsPerSecond, long Events, double WallMs) Rebuild(string pitDll, string workspace)
    {
        var result = ChildProcess.Run("dotnet", [pitDll, "history", "--rebuild"], workspace);
        var match = RebuiltLine().Match(result.Stdout);
        if (result.ExitCode != 0 || !match.Success)
            throw new InvalidOperationException($"pit history --rebuild exited {result.ExitCode}\n{result.Tails()}");
        return (double.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), result.WallMs);
    }

    /// <summary>Milliseconds from starting <c>pit serve</c> to its "listening" line.</summary>
    private static double StartServe(string pitDll, string workspace)
    {
        var clock = Stopwatch.StartNew();
        using var serve = ServeProcess.StartPit("pit serve", pitDll, workspace);
        serve.WaitUntilReady();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static string Render(BenchmarkOptions options, long events, TimeSpan generated, int printed,
        IReadOnlyList<(long Rows, double Ms)> scans, IReadOnlyList<(double EventsPerSecond, long Events, double WallMs)> rebuilds,
        IReadOnlyList<Measurement> query, IReadOnlyList<double> startEmpty, IReadOnlyList<double> startFull, string pitDll)
    {
        var text = new StringBuilder();
        text.AppendLine("# Pit history benchmark").AppendLine()
            .AppendLine(F($"A journal of {options.HistoryRuns} runs × {Tasks} tasks over {Dags} DAGs: {events} events, written through Pit's persistence (Akka.Persistence.Sql on SQLite, Pit's serializer and tagger) in {generated.TotalSeconds:0.0}s. {Environment.ProcessorCount} cores; .NET {Environment.Version}; pit: `{pitDll}`."))
            .AppendLine();

        var scan = Median(scans.Select(s => s.Ms));
        var rate = Median(rebuilds.Select(r => r.EventsPerSecond));
        text.AppendLine("## Rebuild: `pit history --rebuild` (drop every read model, replay the journal from offset 0)").AppendLine()
            .AppendLine("| measurement | median | runs |").AppendLine("|---|---:|---|")
            .AppendLine(F($"| raw scan of the journal table ({scans[0].Rows} rows, `count(*)`, `sum(length(message))`) | {scan:0} ms ({scans[0].Rows / (scan / 1000):0} rows/s) | {string.Join(", ", scans.Select(s => F($"{s.Ms:0}")))} ms |"))
            .AppendLine(F($"| `pit history --rebuild`, as it reports | {rate:0} events/s ({rebuilds[0].Events} events) | {string.Join(", ", rebuilds.Select(r => F($"{r.EventsPerSecond:0}")))} |"))
            .AppendLine(F($"| `pit history --rebuild`, wall time of the process | {Median(rebuilds.Select(r => r.WallMs)):0} ms | {string.Join(", ", rebuilds.Select(r => F($"{r.WallMs:0}")))} ms |"))
            .AppendLine()
            .AppendLine(F($"Goal: ≥ {RebuildGoalEventsPerSecond:0} events/s: {rate:0} — {(rate >= RebuildGoalEventsPerSecond ? "met" : "NOT met")}."))
            .AppendLine();

        var version = query[0];
        var history = query[1];
        text.AppendLine(F($"## Query: `{history.Command.Label}` ({printed} events printed)")).AppendLine()
            .AppendLine("| command | median ms | mean ms | min ms | max ms | median × `pit --version` |").AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var m in query)
            text.AppendLine(F($"| {m.Command.Label} | {m.Median:0.0} | {m.Mean:0.0} | {m.Min:0.0} | {m.Max:0.0} | {m.Median / version.Median:0.00}× |"));
        text.AppendLine()
            .AppendLine(F($"Goal: ≤ {QueryGoalMs:0} ms: {history.Median:0} ms median — {(history.Median <= QueryGoalMs ? "met" : "NOT met")}."))
            .AppendLine();

        var full = Median(startFull);
        text.AppendLine("## Start-up: `pit serve` to its \"listening\" line").AppendLine()
            .AppendLine("| workspace | median ms | runs |").AppendLine("|---|---:|---|")
            .AppendLine(F($"| same DAGs, empty journal (baseline) | {Median(startEmpty):0} | {string.Join(", ", startEmpty.Select(v => F($"{v:0}")))} ms |"))
            .AppendLine(F($"| {events} events in the journal | {full:0} | {string.Join(", ", startFull.Select(v => F($"{v:0}")))} ms |"))
            .AppendLine()
            .AppendLine(F($"Goal: ≤ {StartupGoalMs:0} ms: {full:0} ms median — {(full <= StartupGoalMs ? "met" : "NOT met")}."));
        return text.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
