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
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(PitDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["NO_COLOR"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start pit");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pit {string.Join(' ', args)} did not finish");
        }
        return new PitResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
