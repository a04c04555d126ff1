using System.Globalization;
using System.Text;

namespace Pit.Benchmarks;

/// <summary>The engine results as Markdown, with issue 3's goals marked met / NOT met.</summary>
internal static class EngineReport
{
    /// <summary>Orchestration overhead per task on W1–W3 (make and ninja ≈ 0.3 ms).</summary>
    public const double OverheadGoalMs = 1.0;

    /// <summary>W0, a one-task DAG: the whole <c>pit run</c>, start-up included.</summary>
    public const double StartGoalSeconds = 0.5;

    /// <summary>Peak RSS on W2 (1,000 tasks).</summary>
    public const double RssGoalMb = 120;

    public static string Render(
        IReadOnlyList<EngineResult> results, EngineFloor floor, IReadOnlyList<EngineFloor> otherFloors, IReadOnlyList<string> unavailable, string setup)
    {
        var text = new StringBuilder();
        text.AppendLine("# Pit engine benchmark").AppendLine().AppendLine(setup).AppendLine()
            .AppendLine("| workload | tasks | pit wall s | baseline wall s | overhead ms/task | excl. W0 start ms/task | peak RSS MB | goals |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---|");
        var start = results.FirstOrDefault(r => r.Workload.Id == "W0");
        foreach (var r in results)
            text.AppendLine($"| {r.Workload.Id} {r.Workload.Shape} | {r.Workload.Tasks} | {F(r.PitMedian / 1000, "0.000")} | " +
                            $"{F(r.BaselineMedian / 1000, "0.000")} | {F(r.OverheadPerTaskMs, "0.00")} | {ExcludingStart(r, start)} | " +
                            $"{F(r.PeakRssMb, "0.0")} | {string.Join("; ", Goals(r))} |");
        text.AppendLine()
            .AppendLine("overhead = (pit − bash loop) / tasks, on the medians (the goals use this); excl. W0 start = " +
                        "(pit − bash loop − W0's pit wall) / tasks, the cost per task once pit has started.");
        Marginal(text, results);
        Floor(text, results, floor);
        OtherFloors(text, [floor, .. otherFloors], unavailable);

        text.AppendLine().AppendLine("Samples (ms; pit / baseline; pit peak RSS MB):").AppendLine();
        foreach (var r in results)
            text.AppendLine($"- {r.Workload.Id}: pit {Join(r.PitMs)} / baseline {Join(r.BaselineMs)}; " +
                            $"RSS {string.Join(", ", r.PeakRssKb.Select(kb => F(kb / 1024.0, "0.0")))}");
        foreach (var f in (IEnumerable<EngineFloor>)[floor, .. otherFloors])
            text.AppendLine($"- floor ({f.Name}): one event {Join(f.WallMs)}, chain of {EngineFloor.ChainEvents} {Join(f.ChainWallMs)}; " +
                            $"RSS {string.Join(", ", f.PeakRssKb.Select(kb => F(kb / 1024.0, "0.0")))}");
        return text.ToString();
    }

    /// <summary>
    /// What each further task costs, from a workload and its doubled form (run interleaved): start-up,
    /// warm-up (the first tasks' JIT compilation) and the run's end are the same in both and cancel out.
    /// </summary>
    private static void Marginal(StringBuilder text, IReadOnlyList<EngineResult> results)
    {
        var pairs = results
            .Where(r => r.Workload.HasPerTaskGoal)
            .Select(r => (Base: r, Doubled: results.FirstOrDefault(d => d.Workload.Id == r.Workload.Doubled().Id)))
            .Where(p => p.Doubled is not null)
            .ToList();
        if (pairs.Count == 0) return;
        text.AppendLine().AppendLine(
            "**Each further task** — each workload with a goal per task also runs doubled, right after it in every repetition; " +
            "marginal overhead = ((pit×2 − pit) − (bash×2 − bash)) / (tasks×2 − tasks) within a repetition, median over the " +
            "repetitions: the cost of one more task once pit has started and warmed up (start-up, the first tasks' JIT " +
            "compilation and the run's end cancel out):").AppendLine();
        foreach (var (one, two) in pairs)
        {
            var extra = two!.Workload.Tasks - one.Workload.Tasks;
            var repetitions = Enumerable.Range(0, Math.Min(one.PitMs.Count, two.PitMs.Count)).ToList();
            var pitMs = EngineResult.Median(repetitions.Select(i => (two.PitMs[i] - one.PitMs[i]) / extra).ToList());
            var bashMs = EngineResult.Median(repetitions.Select(i => (two.BaselineMs[i] - one.BaselineMs[i]) / extra).ToList());
            var marginal = EngineResult.Median(repetitions
                .Select(i => (two.PitMs[i] - one.PitMs[i] - (two.BaselineMs[i] - one.BaselineMs[i])) / extra).ToList());
            text.AppendLine($"- {one.Workload.Id}: {F(marginal, "0.00")} ms/task " +
                            $"(a further task takes pit {F(pitMs, "0.00")} ms and the bash loop {F(bashMs, "0.00")} ms), " +
                            $"{(marginal <= OverheadGoalMs ? "within" : "**above**")} {F(OverheadGoalMs, "0")} ms/task");
        }
    }

    /// <summary>
    /// The floor of the parts issue 3 names (<see cref="StackFloorApp"/>), pit above it, and the bounds it
    /// sets on the goals: no engine on these parts starts faster or smaller than the floor, and none runs a
    /// chain of tasks faster than one durable event per task.
    /// </summary>
    private static void Floor(StringBuilder text, IReadOnlyList<EngineResult> results, EngineFloor floor)
    {
        text.AppendLine().AppendLine(
            $"**Floor** — Akka.Hosting + Akka.Persistence.Sql on a SQLite file (WAL, commits without a flush, as pit's), " +
            $"one persistent actor, nothing of pit's, published as pit is: persisting one event takes {F(floor.WallMedian / 1000, "0.000")} s " +
            $"with a peak RSS of {F(floor.PeakRssMb, "0.0")} MB; a chain of {EngineFloor.ChainEvents} events, each durable before the next, " +
            $"costs {F(floor.PerEventMs, "0.00")} ms per further event.").AppendLine();
        foreach (var r in results)
        {
            var startShare = floor.WallMedian / r.Workload.Tasks;
            text.AppendLine($"- {r.Workload.Id}: pit {F((r.PitMedian - floor.WallMedian) / 1000, "+0.000;-0.000")} s and " +
                            $"{F(r.PeakRssMb - floor.PeakRssMb, "+0.0;-0.0")} MB above the floor" +
                            (r.Workload.Tasks > 1 ? $"; the floor's start alone is {F(startShare, "0.00")} ms/task of the overhead" : ""));
        }
        var chainBound = floor.ChainBoundMs;
        text.AppendLine().AppendLine(
            $"Bounds from the floor: its peak RSS is {(floor.PeakRssMb <= RssGoalMb ? "within" : "**above**")} the {F(RssGoalMb, "0")} MB goal " +
            $"before any task runs; a chain of {EngineFloor.ChainEvents} tasks (W1) with start-up counted needs at least " +
            $"{F(chainBound, "0.00")} ms/task on top of its processes (start + one durable event per task), " +
            $"{(chainBound <= OverheadGoalMs ? "within" : "**above**")} the {F(OverheadGoalMs, "0")} ms/task goal.");
    }

    /// <summary>
    /// The floor beside the same program on other parts (<see cref="MinimalJournalFloorApp"/>): what the goals the
    /// floor bounds would leave to pit on a journal of its own, and on a Native AOT build of it.
    /// </summary>
    private static void OtherFloors(StringBuilder text, IReadOnlyList<EngineFloor> floors, IReadOnlyList<string> unavailable)
    {
        text.AppendLine().AppendLine("**The floor on other parts** — the same program, Akka.Persistence.Sql replaced by a journal written on " +
                                     "Microsoft.Data.Sqlite (a journal row and two tag rows per event, the same SQLite settings):").AppendLine()
            .AppendLine($"| floor | one event s | peak RSS MB | each further durable event ms | W1 bound ms/task (start + {EngineFloor.ChainEvents} events) |")
            .AppendLine("|---|---:|---:|---:|---:|");
        foreach (var f in floors)
            text.AppendLine($"| {f.Name} | {F(f.WallMedian / 1000, "0.000")} | {F(f.PeakRssMb, "0.0")} | {F(f.PerEventMs, "0.00")} | " +
                            $"{F(f.ChainBoundMs, "0.00")} |");
        foreach (var line in unavailable) text.AppendLine().AppendLine($"- {line}");
    }

    private static string ExcludingStart(EngineResult r, EngineResult? start) =>
        start is null || ReferenceEquals(r, start) ? "—" : F((r.PitMedian - r.BaselineMedian - start.PitMedian) / r.Workload.Tasks, "0.00");

    private static IEnumerable<string> Goals(EngineResult r)
    {
        var id = r.Workload.Id;
        if (id == "W0")
            yield return Goal($"wall ≤ {F(StartGoalSeconds, "0.0")} s", r.PitMedian / 1000 <= StartGoalSeconds);
        if (id is "W1" or "W2" or "W3")
            yield return Goal($"≤ {F(OverheadGoalMs, "0")} ms/task", r.OverheadPerTaskMs <= OverheadGoalMs);
        if (id == "W2")
            yield return Goal($"RSS ≤ {F(RssGoalMb, "0")} MB", r.PeakRssMb <= RssGoalMb);
        if (id == "W4")
            yield return "— (no goal)";
        if (id.EndsWith("×2", StringComparison.Ordinal))
            yield return "— (for the cost of each further task)";
    }

    private static string Goal(string goal, bool met) => $"{goal}: {(met ? "met" : "**NOT met**")}";

    private static string Join(IEnumerable<double> samples) => string.Join(", ", samples.Select(s => F(s, "0")));

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
