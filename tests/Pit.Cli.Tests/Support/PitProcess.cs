using System.Diagnostics;

namespace Pit.Cli.Tests.Support;

/// <summary>The result of running the built <c>pit</c> binary.</summary>
public sealed record PitResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs the built <c>pit</c> (pit.dll beside the tests) as a real process.</summary>
public static class PitProcess
{
    private static readonly string PitDll = Path.Combine(AppContext.BaseDirectory, "pit.dll");

    public static PitResult Run(string workingDirectory, params string[] args)
    {
        using var process = Process.Start(StartInfo("dotnet", workingDirectory, args)) ?? throw new InvalidOperationException("could not start pit");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pit {string.Join(' ', args)} did not finish");
        }
        return new PitResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// Starts <c>pit</c> and returns at once, for tests that signal it or run several at a time.
    /// It is started through <c>env --default-signal=INT</c> (which execs, so the pid is pit's own):
    /// a test runner launched in the background inherits SIGINT ignored, and .NET keeps an ignored
    /// SIGINT ignored, so Ctrl-C would never reach pit.
    /// </summary>
    public static RunningPit Start(string workingDirectory, params string[] args)
    {
        var start = StartInfo("env", workingDirectory, args);
        start.ArgumentList.Insert(0, "dotnet");
        start.ArgumentList.Insert(0, "--default-signal=INT");
        return new RunningPit(start, string.Join(' ', args));
    }

    private static ProcessStartInfo StartInfo(string program, string workingDirectory, string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(PitDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["NO_COLOR"] = "1";
        return start;
    }
}
