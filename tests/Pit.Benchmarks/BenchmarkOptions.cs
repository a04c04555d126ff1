namespace Pit.Benchmarks;

/// <summary>The benchmark's command line: <c>--pit</c>, <c>--runs</c>, <c>--warmups</c>, <c>--projects</c>, <c>--tasks</c>, <c>--out</c>, <c>--keep</c>.</summary>
internal sealed record BenchmarkOptions
{
    public string? PitDll { get; init; }
    public int Warmups { get; init; } = 3;
    public int Runs { get; init; } = 15;
    public int Projects { get; init; } = 200;
    public int TasksPerProject { get; init; } = 20;
    public string? ReportFile { get; init; }
    public bool KeepTempFiles { get; init; }

    public const string Usage =
        "usage: run.sh [--pit <pit.dll>] [--runs 15] [--warmups 3] [--projects 200] [--tasks 20] [--out <report.md>] [--keep]";

    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var flag = args[i];
            if (flag == "--keep") { options = options with { KeepTempFiles = true }; continue; }
            if (i + 1 >= args.Length) throw new ArgumentException($"{flag} needs a value\n{Usage}");
            var value = args[++i];
            options = flag switch
            {
                "--pit" => options with { PitDll = Path.GetFullPath(value) },
                "--runs" => options with { Runs = Positive(flag, value) },
                "--warmups" => options with { Warmups = Positive(flag, value, allowZero: true) },
                "--projects" => options with { Projects = Positive(flag, value) },
                "--tasks" => options with { TasksPerProject = Positive(flag, value) },
                "--out" => options with { ReportFile = Path.GetFullPath(value) },
                _ => throw new ArgumentException($"unknown option {flag}\n{Usage}"),
            };
        }
        return options;
    }

    private static int Positive(string flag, string value, bool allowZero = false) =>
        int.TryParse(value, out var n) && (n > 0 || (allowZero && n == 0))
            ? n
            : throw new ArgumentException($"{flag} expects a {(allowZero ? "non-negative" : "positive")} integer, got '{value}'");
}
