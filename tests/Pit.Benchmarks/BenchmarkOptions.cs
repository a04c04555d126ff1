namespace Pit.Benchmarks;

/// <summary>Which measurements to run: the start-up of <c>pit</c> (default), the engine workloads, the SDK socket,
/// the SQL connectors, <c>pit serve</c>, or all of them.</summary>
internal enum Suite { Startup, Engine, Sdk, Sql, Serve, Control, History, All }

/// <summary>
/// The benchmark's command line: <c>--suite</c>, <c>--pit</c>, <c>--out</c>, <c>--keep</c>; for the
/// start-up suite <c>--runs</c>, <c>--warmups</c>, <c>--projects</c>, <c>--tasks</c>; for the engine suite
/// <c>--engine-runs</c>, <c>--engine-warmups</c>, <c>--workloads</c>, <c>--poll-rss</c>; for the serve suite
/// <c>--seconds</c>, <c>--serve-parts</c>, <c>--cron-dags</c>, <c>--clients</c>.
/// </summary>
internal sealed record BenchmarkOptions
{
    public Suite Suite { get; init; } = Suite.Startup;
    public string? PitDll { get; init; }
    public int Warmups { get; init; } = 3;
    public int Runs { get; init; } = 15;
    public int Projects { get; init; } = 200;
    public int TasksPerProject { get; init; } = 20;
    public int EngineWarmups { get; init; } = 1;
    public int EngineRuns { get; init; } = 3;

    /// <summary>Engine workload ids to run (W0…W4); empty = all of them.</summary>
    public IReadOnlyList<string> Workloads { get; init; } = [];

    /// <summary>Measure peak RSS by polling /proc instead of with GNU time (the fallback, forced).</summary>
    public bool PollRss { get; init; }

    /// <summary>How long each serve measurement (and its baseline) lasts: idle time, schedule window, trigger window.</summary>
    public int Seconds { get; init; } = 60;

    /// <summary>Serve suite parts to run (rss, scheduler, throughput); empty = all of them.</summary>
    public IReadOnlyList<ServePart> ServeParts { get; init; } = [];

    /// <summary>DAGs on an every-second schedule in the scheduler measurement.</summary>
    public int CronDags { get; init; } = 200;

    /// <summary>Concurrent API clients (and baseline spawners) in the throughput measurement.</summary>
    public int Clients { get; init; } = 8;

    /// <summary>Round trips measured in the control suite.</summary>
    public int ControlCalls { get; init; } = 5000;

    /// <summary>Connections following the W2 run with <c>run tail</c> in the control suite.</summary>
    public int TailClients { get; init; } = 100;

    /// <summary>Runs in the history suite's generated journal (10 tasks each, about 42 events a run).</summary>
    public int HistoryRuns { get; init; } = 10_000;

    public string? ReportFile { get; init; }
    public bool KeepTempFiles { get; init; }

    public bool RunsStartup => Suite is Suite.Startup or Suite.All;
    public bool RunsEngine => Suite is Suite.Engine or Suite.All;
    public bool RunsSdk => Suite is Suite.Sdk or Suite.All;
    public bool RunsSql => Suite is Suite.Sql or Suite.All;
    public bool RunsServe => Suite is Suite.Serve or Suite.All;
    public bool RunsControl => Suite is Suite.Control or Suite.All;
    public bool RunsHistory => Suite is Suite.History or Suite.All;

    public bool RunsServePart(ServePart part) => ServeParts.Count == 0 || ServeParts.Contains(part);

    public const string Usage =
        "usage: run.sh [--suite startup|engine|sdk|sql|serve|control|history|all] [--pit <pit.dll>] [--out <report.md>] [--keep]\n" +
        "  start-up: [--runs 15] [--warmups 3] [--projects 200] [--tasks 20]\n" +
        "  engine:   [--engine-runs 3] [--engine-warmups 1] [--workloads W0,W1,W2,W3,W4] [--poll-rss]\n" +
        "  sql:      [--engine-runs 3] [--engine-warmups 1] [--poll-rss]; needs PIT_TEST_POSTGRES (.ci/services/postgres.sh start)\n" +
        "  serve:    [--seconds 60] [--serve-parts rss,scheduler,throughput] [--cron-dags 200] [--clients 8] [--tasks 20]\n" +
        "  control:  [--control-calls 5000] [--tail-clients 100] [--engine-runs 3]\n" +
        "  history:  [--history-runs 10000] [--runs 15] [--warmups 3] [--engine-runs 3]";

    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var flag = args[i];
            if (flag == "--keep") { options = options with { KeepTempFiles = true }; continue; }
            if (flag == "--poll-rss") { options = options with { PollRss = true }; continue; }
            if (i + 1 >= args.Length) throw new ArgumentException($"{flag} needs a value\n{Usage}");
            var value = args[++i];
            options = flag switch
            {
                "--suite" => options with { Suite = ParseSuite(value) },
                "--pit" => options with { PitDll = Path.GetFullPath(value) },
                "--runs" => options with { Runs = Positive(flag, value) },
                "--warmups" => options with { Warmups = Positive(flag, value, allowZero: true) },
                "--projects" => options with { Projects = Positive(flag, value) },
                "--tasks" => options with { TasksPerProject = Positive(flag, value) },
                "--engine-runs" => options with { EngineRuns = Positive(flag, value) },
                "--engine-warmups" => options with { EngineWarmups = Positive(flag, value, allowZero: true) },
                "--workloads" => options with { Workloads = ParseWorkloads(value) },
                "--seconds" => options with { Seconds = Positive(flag, value) },
                "--serve-parts" => options with { ServeParts = ParseServeParts(value) },
                "--cron-dags" => options with { CronDags = Positive(flag, value) },
                "--clients" => options with { Clients = Positive(flag, value) },
                "--control-calls" => options with { ControlCalls = Positive(flag, value) },
                "--tail-clients" => options with { TailClients = Positive(flag, value, allowZero: true) },
                "--history-runs" => options with { HistoryRuns = Positive(flag, value) },
                "--out" => options with { ReportFile = Path.GetFullPath(value) },
                _ => throw new ArgumentException($"unknown option {flag}\n{Usage}"),
            };
        }
        return options;
    }

    private static Suite ParseSuite(string value) => value switch
    {
        "startup" => Suite.Startup,
        "engine" => Suite.Engine,
        "sdk" => Suite.Sdk,
        "sql" => Suite.Sql,
        "serve" => Suite.Serve,
        "control" => Suite.Control,
        "history" => Suite.History,
        "all" => Suite.All,
        _ => throw new ArgumentException($"--suite expects startup, engine, sdk, sql, serve, control, history or all, got '{value}'\n{Usage}"),
    };

    private static ServePart[] ParseServeParts(string value)
    {
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var parts = names.Select(name => name.ToLowerInvariant() switch
        {
            "rss" => ServePart.Rss,
            "scheduler" => ServePart.Scheduler,
            "throughput" => ServePart.Throughput,
            _ => (ServePart?)null,
        }).ToArray();
        if (names.Length == 0 || parts.Any(p => p is null))
            throw new ArgumentException($"--serve-parts expects a comma-separated list of rss, scheduler, throughput, got '{value}'");
        return parts.Select(p => p!.Value).Distinct().ToArray();
    }

    private static string[] ParseWorkloads(string value)
    {
        var ids = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(id => id.ToUpperInvariant()).ToArray();
        var known = EngineWorkloads.All.Select(w => w.Id).ToHashSet();
        var unknown = ids.Where(id => !known.Contains(id)).ToArray();
        if (ids.Length == 0 || unknown.Length > 0)
            throw new ArgumentException($"--workloads expects a comma-separated list of {string.Join(", ", known)}, got '{value}'");
        return ids;
    }

    private static int Positive(string flag, string value, bool allowZero = false) =>
        int.TryParse(value, out var n) && (n > 0 || (allowZero && n == 0))
            ? n
            : throw new ArgumentException($"{flag} expects a {(allowZero ? "non-negative" : "positive")} integer, got '{value}'");
}
