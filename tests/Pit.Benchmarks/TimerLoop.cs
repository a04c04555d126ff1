namespace Pit.Benchmarks;

/// <summary>
/// The scheduler baseline: <c>timers</c> async loops in this process, each awaiting
/// <see cref="Task.Delay(TimeSpan)"/> to the next whole second and noting how late it woke: what the
/// .NET runtime alone achieves on this host, with no actor system, journal or process in between.
/// </summary>
internal static class TimerLoop
{
    /// <summary>Lateness (ms) of every wake-up at each whole second of [<paramref name="from"/>, <paramref name="from"/> + <paramref name="seconds"/>).</summary>
    public static Latencies Measure(int timers, DateTimeOffset from, int seconds)
    {
        var loops = Enumerable.Range(0, timers).Select(_ => Task.Run(() => LoopAsync(from, seconds))).ToArray();
        Task.WaitAll(loops);
        return new Latencies(loops.SelectMany(l => l.Result));
    }

    private static async Task<List<double>> LoopAsync(DateTimeOffset from, int seconds)
    {
        var lateness = new List<double>(seconds);
        for (var i = 0; i < seconds; i++)
        {
            var due = from.AddSeconds(i);
            var wait = due - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            lateness.Add((DateTimeOffset.UtcNow - due).TotalMilliseconds);
        }
        return lateness;
    }
}
