using System.Diagnostics;

namespace Pit.Benchmarks;

/// <summary>
/// Times whole process runs, start to exit, with <see cref="Stopwatch"/>. Output is read (and
/// discarded) as the real user's terminal would; any exit code other than 0 stops the benchmark.
/// </summary>
internal static class CommandTimer
{
    /// <summary>Runs each command <paramref name="warmups"/> times unmeasured, then <paramref name="runs"/>
    /// measured rounds, interleaving the commands so that drift of the machine hits them alike.</summary>
    public static IReadOnlyList<Measurement> Measure(IReadOnlyList<TimedCommand> commands, int warmups, int runs)
    {
        for (var i = 0; i < warmups; i++)
            foreach (var command in commands) RunOnce(command);

        var samples = commands.Select(_ => new List<double>(runs)).ToArray();
        for (var i = 0; i < runs; i++)
            for (var c = 0; c < commands.Count; c++) samples[c].Add(RunOnce(commands[c]));
        return commands.Select((command, c) => new Measurement(command, samples[c])).ToList();
    }

    /// <summary>Runs the command once; returns its wall-clock time in milliseconds.</summary>
    public static double RunOnce(TimedCommand command)
    {
        var info = new ProcessStartInfo("dotnet", command.Arguments)
        {
            WorkingDirectory = command.WorkingDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {command.CommandLine}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        stopwatch.Stop();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{command.Label}: '{command.CommandLine}' exited {process.ExitCode} (expected 0)\n" +
                $"--- stdout (tail) ---\n{Tail(stdout.Result)}\n--- stderr (tail) ---\n{Tail(stderr.Result)}");
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static string Tail(string text, int lines = 40) =>
        string.Join('\n', text.Split('\n').TakeLast(lines));
}
