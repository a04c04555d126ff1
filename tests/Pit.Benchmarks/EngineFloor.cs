namespace Pit.Benchmarks;

/// <summary>
/// The measured repetitions of one floor app: persisting one event (wall ms, peak RSS KiB) and a chain
/// of <see cref="ChainEvents"/> events, each durable before the next is sent (wall ms).
/// </summary>
internal sealed record EngineFloor(string Name, IReadOnlyList<double> WallMs, IReadOnlyList<long> PeakRssKb, IReadOnlyList<double> ChainWallMs)
{
    /// <summary>As many as W1 has tasks: one durable event per task is the least a chain of tasks needs.</summary>
    public const int ChainEvents = 200;

    public double WallMedian => EngineResult.Median(WallMs);

    /// <summary>The highest peak RSS over the measured repetitions, in MiB (as for pit).</summary>
    public double PeakRssMb => PeakRssKb.Max() / 1024.0;

    /// <summary>What each further durable event costs: (chain − one event) / (chain − 1), on the medians, in ms.</summary>
    public double PerEventMs => (EngineResult.Median(ChainWallMs) - WallMedian) / (ChainEvents - 1);

    /// <summary>The least a chain of <see cref="ChainEvents"/> tasks costs per task on top of its processes, start-up
    /// counted: the floor's start plus one durable event per task, in ms.</summary>
    public double ChainBoundMs => (WallMedian + ChainEvents * PerEventMs) / ChainEvents;

    /// <summary>The floor of the parts issue 3 names (<see cref="StackFloorApp"/>).</summary>
    public static EngineFloor Measure(BenchmarkOptions options, PeakMemory memory, string scratch)
    {
        Console.WriteLine($"floor (Akka.Hosting + Akka.Persistence.Sql on SQLite; 1 and {ChainEvents} events): publishing, then " +
                          $"{options.EngineWarmups} warm-up + {options.EngineRuns} measured runs of each …");
        return Measure("Akka.Persistence.Sql, ReadyToRun", new FloorProgram("dotnet", [StackFloorApp.Build(scratch)]), options, memory, scratch);
    }

    /// <summary>The floors without Akka.Persistence.Sql (<see cref="MinimalJournalFloorApp"/>): ReadyToRun, then Native AOT
    /// when this machine can build it (otherwise only named, with the reason, in <paramref name="unavailable"/>).</summary>
    public static IReadOnlyList<EngineFloor> MeasureOthers(BenchmarkOptions options, PeakMemory memory, string scratch, List<string> unavailable)
    {
        var floors = new List<EngineFloor>();
        foreach (var (nativeAot, name) in new[] { (false, "a 60-line journal on Microsoft.Data.Sqlite, ReadyToRun"), (true, "the same, Native AOT") })
        {
            Console.WriteLine($"floor ({name}): publishing, then {options.EngineWarmups} warm-up + {options.EngineRuns} measured runs of each …");
            var (program, reason) = MinimalJournalFloorApp.Build(scratch, nativeAot);
            if (program is null)
                unavailable.Add($"{name}: not measured, {reason}");
            else
                floors.Add(Measure(name, program, options, memory, scratch));
        }
        return floors;
    }

    /// <summary>Runs the app as many times as each workload, with one event and with the chain, on one SQLite
    /// file kept across runs (as pit's journal is).</summary>
    private static EngineFloor Measure(string name, FloorProgram program, BenchmarkOptions options, PeakMemory memory, string scratch)
    {
        var workDir = Path.Combine(scratch, "floor-run-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(workDir);
        var journal = Path.Combine(workDir, "journal.db");
        var wall = new List<double>();
        var peaks = new List<long>();
        var chain = new List<double>();
        for (var i = 0; i < options.EngineWarmups + options.EngineRuns; i++)
        {
            var one = Run(memory, program, [journal, "1"], workDir);
            var many = Run(memory, program, [journal, ChainEvents.ToString()], workDir);
            if (i < options.EngineWarmups) continue;
            wall.Add(one.Result.WallMs);
            peaks.Add(one.PeakRssKb);
            chain.Add(many.Result.WallMs);
        }
        return new EngineFloor(name, wall, peaks, chain);
    }

    private static MemoryRun Run(PeakMemory memory, FloorProgram program, string[] args, string workDir)
    {
        var run = memory.Run(program.Program, [.. program.Prefix, .. args], workDir, scratch: workDir);
        return run.Result.ExitCode == 0
            ? run
            : throw new InvalidOperationException($"the floor {program.Program} ({string.Join(' ', args)}) exited {run.Result.ExitCode} (expected 0)\n{run.Result.Tails()}");
    }
}
