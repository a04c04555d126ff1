using System.Runtime.InteropServices;

namespace Pit.Engine.Runners;

/// <summary>
/// Whether <see cref="PosixSpawn"/> can start tasks here: Linux with glibc 2.29 or later (for
/// <c>posix_spawn_file_actions_addchdir_np</c>), where Pit can collect its children's exit status
/// itself. Checked once; the check may give SIGCHLD back its default disposition (see <see cref="KeepChildStatuses"/>).
/// </summary>
internal static class PosixSpawnSupport
{
    private static readonly Lazy<string?> Checked = new(FindObstacle);

    /// <summary>Why tasks cannot be started with posix_spawn here (the fallback's log note says it); null when they can.</summary>
    public static string? Obstacle => Checked.Value;

    private static string? FindObstacle()
    {
        const string needsGlibc = "posix_spawn with a new session needs Linux with glibc 2.29 or later";
        if (!OperatingSystem.IsLinux()) return needsGlibc;
        try
        {
            if (!Version.TryParse(Marshal.PtrToStringUTF8(Libc.GnuGetLibcVersion()), out var version) || version < new Version(2, 29))
                return needsGlibc;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return needsGlibc; // not glibc (musl, for one)
        }
        // As pid 1, .NET reaps every child, not only those System.Diagnostics.Process started.
        if (Environment.ProcessId == 1)
            return "Pit runs as process 1 (no init in the container?), where .NET reaps every child process, so only System.Diagnostics.Process sees exit codes";
        return KeepChildStatuses() ? null : "SIGCHLD has a handler with SA_NOCLDWAIT, so the kernel discards the exit status of child processes";
    }

    /// <summary>
    /// With SIGCHLD ignored (Pit started so by its parent; .NET then leaves it alone) the kernel
    /// discards children's exit statuses: set it back to the default, which ignores the signal too
    /// but keeps the statuses. False when a handler with SA_NOCLDWAIT discards them.
    /// </summary>
    private static bool KeepChildStatuses()
    {
        var action = Marshal.AllocHGlobal(PosixSpawn.Block);
        try
        {
            if (Libc.SigAction(Libc.SIGCHLD, IntPtr.Zero, action) != 0) return true;
            var handler = Marshal.ReadIntPtr(action);
            var flags = Marshal.ReadInt32(action, IntPtr.Size + 128);
            if (handler != Libc.SIG_IGN) return (flags & Libc.SA_NOCLDWAIT) == 0;
            for (var at = 0; at < PosixSpawn.Block; at += sizeof(long)) Marshal.WriteInt64(action, at, 0); // SIG_DFL, no flags, empty mask
            return Libc.SigAction(Libc.SIGCHLD, action, IntPtr.Zero) == 0;
        }
        finally
        {
            Marshal.FreeHGlobal(action);
        }
    }
}
