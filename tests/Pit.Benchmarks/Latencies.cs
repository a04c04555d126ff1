namespace Pit.Benchmarks;

/// <summary>A set of delays in milliseconds and their nearest-rank percentiles.</summary>
internal sealed class Latencies
{
    private readonly double[] _sorted;

    public Latencies(IEnumerable<double> milliseconds) => _sorted = milliseconds.Order().ToArray();

    public int Count => _sorted.Length;

    public double P50 => Percentile(0.50);

    public double P99 => Percentile(0.99);

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    /// <summary>The smallest sample that at least <paramref name="fraction"/> of the samples do not exceed; NaN when there are none.</summary>
    public double Percentile(double fraction) =>
        _sorted.Length == 0 ? double.NaN : _sorted[Math.Clamp((int)Math.Ceiling(fraction * _sorted.Length) - 1, 0, _sorted.Length - 1)];
}
