namespace Pit.Benchmarks;

/// <summary>
/// The measured repetitions of <see cref="StackFloorApp"/>: persisting one event (wall ms, peak RSS KiB)
/// and a chain of <see cref="ChainEvents"/> events, each durable before the next is sent (wall ms).
/// </summary>
internal sealed record EngineFloor(IReadOnlyList<double> WallMs, IReadOnlyList<long> PeakRssKb, IReadOnlyList<double> ChainWallMs)
{
    /// <summary>As many as W1 has tasks: one durable event per task is the least a chain of tasks needs.</summary>
    public const int ChainEvents = 200;

    public double WallMedian => EngineResult.Median(WallMs);

    /// <summary>The highest peak RSS over the measured repetitions, in MiB (as for pit).</summary>
    public double PeakRssMb => PeakRssKb.Max() / 1024.0;

    /// <summary>What each further durable event costs: (chain − one event) / (chain − 1), on the medians, in ms.</summary>
    public double PerEventMs => (EngineResult.Median(ChainWallMs) - WallMedian) / (ChainEvents - 1);

    /// <summary>Builds the floor app and runs it as many times as each workload, with one event and with the chain,
    /// on one SQLite file kept across runs (as pit's journal is).</summary>
    public static EngineFloor Measure(BenchmarkOptions options, PeakMemory memory, string scratch)
    {
        Console.WriteLine($"floor (Akka.Hosting + Akka.Persistence.Sql on SQLite; 1 and {ChainEvents} events): publishing, then " +
                          $"{options.EngineWarmups} warm-up + {options.EngineRuns} measured runs of each …");
        var dll = StackFloorApp.Build(scratch);
        var workDir = Path.Combine(scratch, "stack-floor-run");
        Directory.CreateDirectory(workDir);
        var journal = Path.Combine(workDir, "journal.db");
        var wall = new List<double>();
        var peaks = new List<long>();
        var chain = new List<double>();
        for (var i = 0; i < options.EngineWarmups + options.EngineRuns; i++)
        {
            var one = Run(memory, [dll, journal, "1"], workDir);
            var many = Run(memory, [dll, journal, ChainEvents.ToString()], workDir);
            if (i < options.EngineWarmups) continue;
            wall.Add(one.Result.WallMs);
            peaks.Add(one.PeakRssKb);
            chain.Add(many.Result.WallMs);
        }
        return new EngineFloor(wall, peaks, chain);
    }

    private static MemoryRun Run(PeakMemory memory, string[] args, string workDir)
    {
        var run = memory.RunDotnet(args, workDir, scratch: workDir);
        return run.Result.ExitCode == 0
            ? run
            : throw new InvalidOperationException($"the stack floor ({string.Join(' ', args[1..])}) exited {run.Result.ExitCode} (expected 0)\n{run.Result.Tails()}");
    }
}
