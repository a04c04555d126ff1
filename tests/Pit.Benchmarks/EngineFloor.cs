namespace Pit.Benchmarks;

/// <summary>The measured repetitions of <see cref="StackFloorApp"/>: wall times (ms) and peak RSS (KiB).</summary>
internal sealed record EngineFloor(IReadOnlyList<double> WallMs, IReadOnlyList<long> PeakRssKb)
{
    public double WallMedian => EngineResult.Median(WallMs);

    /// <summary>The highest peak RSS over the measured repetitions, in MiB (as for pit).</summary>
    public double PeakRssMb => PeakRssKb.Max() / 1024.0;

    /// <summary>Builds the floor app and runs it as many times as each workload, on one SQLite file kept across runs (as pit's journal is).</summary>
    public static EngineFloor Measure(BenchmarkOptions options, PeakMemory memory, string scratch)
    {
        Console.WriteLine($"floor (Akka.Hosting + Akka.Persistence.Sql on SQLite, one event): publishing, then " +
                          $"{options.EngineWarmups} warm-up + {options.EngineRuns} measured runs …");
        var dll = StackFloorApp.Build(scratch);
        var workDir = Path.Combine(scratch, "stack-floor-run");
        Directory.CreateDirectory(workDir);
        var args = new[] { dll, Path.Combine(workDir, "journal.db") };
        var wall = new List<double>();
        var peaks = new List<long>();
        for (var i = 0; i < options.EngineWarmups + options.EngineRuns; i++)
        {
            var run = memory.RunDotnet(args, workDir, scratch: workDir);
            if (run.Result.ExitCode != 0)
                throw new InvalidOperationException($"the stack floor exited {run.Result.ExitCode} (expected 0)\n{run.Result.Tails()}");
            if (i < options.EngineWarmups) continue;
            wall.Add(run.Result.WallMs);
            peaks.Add(run.PeakRssKb);
        }
        return new EngineFloor(wall, peaks);
    }
}
