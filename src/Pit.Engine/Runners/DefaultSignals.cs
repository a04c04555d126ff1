using System.ComponentModel;
using System.Diagnostics;

namespace Pit.Engine.Runners;

/// <summary>
/// .NET ignores SIGPIPE, and an ignored signal stays ignored across exec: without help every task
/// would start with SIGPIPE ignored, so <c>yes | head</c> prints "Broken pipe" errors and a producer
/// whose reader went away may never stop. GNU env (coreutils 8.31+) restores the default with
/// <c>env --default-signal=PIPE</c> before it execs the task, keeping the pid. Found once per process,
/// and only for the fallback (<see cref="TaskProcess"/>): <see cref="PosixSpawn"/> resets SIGPIPE itself.
/// </summary>
internal static class DefaultSignals
{
    public const string Option = "--default-signal=PIPE";

    private static readonly Lazy<string?> Env = new(FindEnv);

    /// <summary>A GNU env that understands <see cref="Option"/>, or null where there is none (busybox, macOS, old coreutils).</summary>
    public static string? EnvPath => Env.Value;

    private static string? FindEnv()
    {
        var env = new[] { "/usr/bin/env", "/bin/env" }.FirstOrDefault(ExecutableLookup.IsExecutableFile);
        if (env is null) return null;
        try
        {
            var info = new ProcessStartInfo(env) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add(Option);
            info.ArgumentList.Add("true");
            using var probe = Process.Start(info);
            if (probe is null) return null;
            probe.StandardOutput.ReadToEnd();
            probe.StandardError.ReadToEnd();
            return probe.WaitForExit(10_000) && probe.ExitCode == 0 ? env : null;
        }
        catch (Exception e) when (e is Win32Exception or IOException or InvalidOperationException)
        {
            return null;
        }
    }
}
