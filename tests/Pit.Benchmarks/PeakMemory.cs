using System.Diagnostics;
using System.Globalization;

namespace Pit.Benchmarks;

/// <summary>A timed run that also reports the process's peak resident set size, in KiB.</summary>
internal sealed record MemoryRun(ChildResult Result, long PeakRssKb);

/// <summary>
/// Runs a command and measures its peak RSS: under GNU time (<c>/usr/bin/time -f %M</c>, the
/// kernel's maxrss at exit) when present, otherwise by polling <c>VmHWM</c> in
/// <c>/proc/&lt;pid&gt;/status</c> every few milliseconds while it runs (a lower bound: the
/// growth in the last few ms before exit can be missed).
/// </summary>
internal sealed class PeakMemory
{
    public const string GnuTime = "/usr/bin/time";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);

    private readonly bool _useGnuTime;

    private PeakMemory(bool useGnuTime, string method)
    {
        _useGnuTime = useGnuTime;
        Method = method;
    }

    /// <summary>How peak RSS is measured, for the report.</summary>
    public string Method { get; }

    /// <summary>GNU time when it works here (and <paramref name="forcePolling"/> is off); else polling,
    /// with the reason written to the console.</summary>
    public static PeakMemory Choose(bool forcePolling, string scratch)
    {
        const string polling = "VmHWM polled from /proc/<pid>/status every 2 ms";
        if (forcePolling) return new PeakMemory(false, polling + " (--poll-rss)");
        if (!File.Exists(GnuTime))
        {
            Console.WriteLine($"note: {GnuTime} is missing (install GNU time: apt-get install time); peak RSS is polled from /proc instead");
            return new PeakMemory(false, polling + $" ({GnuTime} missing)");
        }
        var probe = Path.Combine(scratch, "time-probe.txt");
        var result = ChildProcess.Run(GnuTime, ["-f", "%M", "-o", probe, "true"], scratch);
        if (result.ExitCode != 0 || ReadKb(probe) is null)
        {
            Console.WriteLine($"note: {GnuTime} -f %M does not work here (not GNU time?); peak RSS is polled from /proc instead");
            return new PeakMemory(false, polling + $" ({GnuTime} -f %M unusable)");
        }
        return new PeakMemory(true, $"GNU time `{GnuTime} -f %M` (maxrss of the process)");
    }

    /// <summary>Runs <c>dotnet &lt;args&gt;</c> in <paramref name="workingDir"/>.</summary>
    public MemoryRun RunDotnet(IReadOnlyList<string> args, string workingDir, string scratch) => Run("dotnet", args, workingDir, scratch);

    /// <summary>Runs <paramref name="program"/> with <paramref name="args"/> in <paramref name="workingDir"/>.</summary>
    public MemoryRun Run(string program, IReadOnlyList<string> args, string workingDir, string scratch)
    {
        if (_useGnuTime)
        {
            var output = Path.Combine(scratch, "peak-rss.txt");
            File.Delete(output);
            var result = ChildProcess.Run(GnuTime, ["-f", "%M", "-o", output, program, .. args], workingDir);
            var kb = ReadKb(output);
            if (kb is null && result.ExitCode == 0)
                throw new InvalidOperationException($"{GnuTime} wrote no peak RSS to {output}\n{result.Tails()}");
            return new MemoryRun(result, kb ?? 0);
        }
        long peak = 0;
        var polled = ChildProcess.Run(program, args, workingDir, process => peak = Poll(process));
        return new MemoryRun(polled, peak);
    }

    /// <summary>The highest VmHWM seen until the process exits.</summary>
    private static long Poll(Process process)
    {
        long peak = 0;
        while (!process.HasExited)
        {
            if (StatusKb(process.Id, "VmHWM") is { } kb) peak = Math.Max(peak, kb);
            Thread.Sleep(PollInterval);
        }
        return peak;
    }

    /// <summary>A KiB figure of <c>/proc/&lt;pid&gt;/status</c> (<c>VmRSS</c>, <c>VmHWM</c>, …) now; null once the process is gone.</summary>
    public static long? StatusKb(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                    return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the process exited between the check and the read
        }
        return null;
    }

    /// <summary>The last line of GNU time's output file (earlier lines may say "Command exited with non-zero status").</summary>
    private static long? ReadKb(string file) =>
        File.Exists(file) && File.ReadAllLines(file).LastOrDefault(l => l.Trim().Length > 0) is { } last
        && long.TryParse(last.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb)
            ? kb
            : null;
}
