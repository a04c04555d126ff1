using System.Diagnostics;

namespace Pit.Benchmarks;

/// <summary>Runs a <c>dotnet</c> command to completion for set-up work, failing loudly with its output.</summary>
internal static class DotnetCommand
{
    public static void Run(string workingDir, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet", args)
        {
            WorkingDirectory = workingDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"'dotnet {string.Join(' ', args)}' in {workingDir} exited {process.ExitCode}\n{stdout.Result}{stderr.Result}");
    }
}
