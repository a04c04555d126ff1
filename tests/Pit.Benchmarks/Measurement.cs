namespace Pit.Benchmarks;

/// <summary>The measured run times of one command, in milliseconds, and their statistics.</summary>
internal sealed record Measurement(TimedCommand Command, IReadOnlyList<double> Samples)
{
    public double Mean => Samples.Average();
    public double Min => Samples.Min();
    public double Max => Samples.Max();

    public double Median
    {
        get
        {
            var sorted = Samples.Order().ToArray();
            var mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }
}
