using System.Diagnostics;

namespace Pit.Benchmarks;

/// <summary>
/// The throughput baseline: <c>workers</c> loops in this process, each starting <c>bash &lt;script&gt;</c>
/// (the throughput task itself, output read as pit reads a task's), waiting for it to exit, and
/// starting the next: the cost of one process per task on this machine, with nothing else in between.
/// </summary>
internal static class SpawnLoop
{
    /// <summary>Spawns completed within <paramref name="seconds"/>, and each one's start-to-exit time in ms.</summary>
    public static (int Spawns, Latencies StartToExit) Measure(string script, int workers, int seconds)
    {
        var end = Stopwatch.GetTimestamp() + (long)(seconds * (double)Stopwatch.Frequency);
        var loops = Enumerable.Range(0, workers).Select(_ => Task.Run(() => LoopAsync(script, end))).ToArray();
        Task.WaitAll(loops);
        var times = loops.SelectMany(l => l.Result).ToList();
        return (times.Count, new Latencies(times));
    }

    private static async Task<List<double>> LoopAsync(string script, long end)
    {
        var times = new List<double>();
        while (Stopwatch.GetTimestamp() < end)
        {
            var info = new ProcessStartInfo("bash", [script])
            {
                WorkingDirectory = Path.GetDirectoryName(Path.GetDirectoryName(script))!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.Environment["PIT_RUN_ID"] = "baseline";
            var started = Stopwatch.GetTimestamp();
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start bash {script}");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            await Task.WhenAll(stdout, stderr);
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"baseline 'bash {script}' exited {process.ExitCode}: {stderr.Result}");
            if (Stopwatch.GetTimestamp() <= end) times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return times;
    }
}
