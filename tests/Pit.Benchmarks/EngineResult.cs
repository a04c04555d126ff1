namespace Pit.Benchmarks;

/// <summary>The measured repetitions of one engine workload: pit's and the baseline's wall times (ms)
/// and pit's peak RSS (KiB) in each.</summary>
internal sealed record EngineResult(
    EngineWorkload Workload, IReadOnlyList<double> PitMs, IReadOnlyList<double> BaselineMs, IReadOnlyList<long> PeakRssKb)
{
    public double PitMedian => Median(PitMs);
    public double BaselineMedian => Median(BaselineMs);

    /// <summary>(pit − bash loop) / tasks, on the medians, in ms.</summary>
    public double OverheadPerTaskMs => (PitMedian - BaselineMedian) / Workload.Tasks;

    /// <summary>The highest peak RSS over the measured repetitions, in MiB.</summary>
    public double PeakRssMb => PeakRssKb.Max() / 1024.0;

    public static double Median(IReadOnlyList<double> samples)
    {
        var sorted = samples.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
