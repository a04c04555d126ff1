using System.Diagnostics;

namespace Pit.Benchmarks;

/// <summary>How one process run went: wall time from start to exit, exit code, and its output.</summary>
internal sealed record ChildResult(double WallMs, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The last lines of stdout and stderr, for error messages.</summary>
    public string Tails(int lines = 40) =>
        $"--- stdout (tail) ---\n{Tail(Stdout, lines)}\n--- stderr (tail) ---\n{Tail(Stderr, lines)}";

    private static string Tail(string text, int lines) => string.Join('\n', text.TrimEnd().Split('\n').TakeLast(lines));
}

/// <summary>Starts a process, reads (and keeps) its output, waits for it and times it with <see cref="Stopwatch"/>.</summary>
internal static class ChildProcess
{
    /// <param name="whileRunning">Called on a worker thread with the process once it has started
    /// (used to poll its memory); it should return when the process exits.</param>
    public static ChildResult Run(string file, IReadOnlyList<string> args, string workingDir, Action<Process>? whileRunning = null)
    {
        var info = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = workingDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(info)
            ?? throw new InvalidOperationException($"could not start {file} {string.Join(' ', args)}");
        var watcher = whileRunning is null ? Task.CompletedTask : Task.Factory.StartNew(() => whileRunning(process), TaskCreationOptions.LongRunning);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        stopwatch.Stop();
        watcher.Wait();
        return new ChildResult(stopwatch.Elapsed.TotalMilliseconds, process.ExitCode, stdout.Result, stderr.Result);
    }
}
