using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Pit.Engine.Runners;

/// <summary>
/// Starts a task with glibc's <c>posix_spawn</c>, with no helper process: a new session and
/// process group (POSIX_SPAWN_SETSID), SIGPIPE back to its default (.NET ignores it, and an ignored
/// signal stays ignored across exec), no signal blocked, stdin from /dev/null, stdout and stderr into
/// close-on-exec pipes, the snapshot as working directory, the parent environment plus the launch's
/// and the command's. glibc reports a failed exec through the return value. Like <c>execvp</c>, a
/// file the kernel cannot execute (ENOEXEC: no <c>#!</c> line) is run by <c>/bin/sh</c>.
/// </summary>
internal static class PosixSpawn
{
    private const short SetSignalDefault = 0x04; // POSIX_SPAWN_SETSIGDEF
    private const short SetSignalMask = 0x08; // POSIX_SPAWN_SETSIGMASK
    private const short SetSession = 0x80; // POSIX_SPAWN_SETSID, glibc 2.26+
    /// <summary>Bytes for each of the file actions, the attributes and the two sigsets: far above their glibc sizes (80, 336 and 128).</summary>
    internal const int Block = 1024;
    private const string Shell = "/bin/sh";

    /// <summary>
    /// glibc's own signals (SIGCANCEL/SIGTIMER 32 and SIGSETXID 33): its posix_spawn sets them to
    /// ignored in the child unless they are in the default set, and sigaddset refuses them.
    /// </summary>
    private const long GlibcInternalSignals = (1L << (32 - 1)) | (1L << (33 - 1));

    /// <summary>See <see cref="PosixSpawnSupport"/>; checked once.</summary>
    public static bool IsSupported => PosixSpawnSupport.Obstacle is null;

    /// <summary>Why tasks cannot be started with posix_spawn here; null when they can.</summary>
    public static string? Obstacle => PosixSpawnSupport.Obstacle;

    public static bool TryStart(TaskLaunch launch, TaskCommand command, [NotNullWhen(true)] out SpawnedProcess? process, [NotNullWhen(false)] out string? error)
    {
        process = null;
        string[] arguments = [command.Program, .. command.Arguments];
        var environment = Environment(launch, command);
        if (arguments.Concat(environment).Any(text => text.Contains('\0')))
        {
            error = $"could not start {command.Display}: an argument or environment variable contains a NUL character";
            return false;
        }

        int[] output = [-1, -1], errors = [-1, -1];
        try
        {
            if (Libc.Pipe2(output, Libc.O_CLOEXEC) != 0 || Libc.Pipe2(errors, Libc.O_CLOEXEC) != 0)
            {
                error = $"could not start {command.Display}: cannot create a pipe: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
                return false;
            }
            var (pid, errno) = Spawn(launch.SnapshotDir, arguments, environment, output[1], errors[1]);
            // The child has its own copies now; the parent's write ends must go, or the pipes never reach end of file.
            CloseIfOpen(ref output[1]);
            CloseIfOpen(ref errors[1]);
            if (errno != 0)
            {
                error = Explain(errno, launch, command);
                return false;
            }
            var stdout = new SafePipeHandle(output[0], ownsHandle: true);
            var stderr = new SafePipeHandle(errors[0], ownsHandle: true);
            output[0] = errors[0] = -1;
            process = new SpawnedProcess(pid, stdout, stderr);
            error = null;
            return true;
        }
        finally
        {
            foreach (var pipe in new[] { output, errors })
            {
                CloseIfOpen(ref pipe[0]);
                CloseIfOpen(ref pipe[1]);
            }
        }
    }

    /// <summary>posix_spawn, then <c>/bin/sh program arguments</c> if the kernel could not execute the program itself.</summary>
    private static (int Pid, int Errno) Spawn(string directory, string[] arguments, List<string> environment, int stdout, int stderr)
    {
        var memory = Marshal.AllocHGlobal(4 * Block);
        IntPtr actions = memory, attributes = memory + Block, defaults = memory + 2 * Block, mask = memory + 3 * Block;
        var actionsReady = false;
        var attributesReady = false;
        try
        {
            var errno = Libc.FileActionsInit(actions);
            actionsReady = errno == 0;
            if (errno == 0) errno = Libc.FileActionsAddDup2(actions, stdout, 1); // dup2 clears close-on-exec on 1 and 2
            if (errno == 0) errno = Libc.FileActionsAddDup2(actions, stderr, 2);
            if (errno == 0) errno = Libc.FileActionsAddOpen(actions, 0, "/dev/null", Libc.O_RDONLY, 0);
            if (errno == 0) errno = Libc.FileActionsAddChdir(actions, directory);
            if (errno == 0) errno = Libc.AttributesInit(attributes);
            attributesReady = errno == 0;
            if (errno == 0) errno = Libc.SigEmptySet(defaults) == 0 && Libc.SigAddSet(defaults, Libc.SIGPIPE) == 0 && Libc.SigEmptySet(mask) == 0 ? 0 : Marshal.GetLastPInvokeError();
            if (errno == 0)
            {
                Marshal.WriteInt64(defaults, Marshal.ReadInt64(defaults) | GlibcInternalSignals);
                errno = Libc.AttributesSetSignalDefault(attributes, defaults);
            }
            if (errno == 0) errno = Libc.AttributesSetSignalMask(attributes, mask);
            if (errno == 0) errno = Libc.AttributesSetFlags(attributes, SetSession | SetSignalDefault | SetSignalMask);
            if (errno != 0) return (0, errno);

            using var envp = new NativeStrings(environment);
            int pid;
            using (var argv = new NativeStrings(arguments))
                errno = Libc.PosixSpawn(out pid, arguments[0], actions, attributes, argv.Pointer, envp.Pointer);
            if (errno == Libc.ENOEXEC && File.Exists(Shell))
            {
                using var argv = new NativeStrings([Shell, .. arguments]);
                if (Libc.PosixSpawn(out pid, Shell, actions, attributes, argv.Pointer, envp.Pointer) == 0) errno = 0;
            }
            return (errno == 0 ? pid : 0, errno);
        }
        finally
        {
            if (attributesReady) Libc.AttributesDestroy(attributes);
            if (actionsReady) Libc.FileActionsDestroy(actions);
            Marshal.FreeHGlobal(memory);
        }
    }

    /// <summary>Pit's own environment as <c>NAME=value</c> by name, read once: a process's environment does not change from outside.</summary>
    private static readonly Lazy<Dictionary<string, string>> Inherited = new(() =>
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            entries[(string)entry.Key] = $"{entry.Key}={entry.Value as string ?? ""}";
        return entries;
    });

    /// <summary>Pit's environment, then the launch's (PIT_* and the task's table), then the command's (PYTHONPATH), as <c>NAME=value</c>.</summary>
    private static List<string> Environment(TaskLaunch launch, TaskCommand command)
    {
        var entries = new Dictionary<string, string>(Inherited.Value, StringComparer.Ordinal);
        foreach (var (name, value) in launch.Environment) entries[name] = $"{name}={value}";
        foreach (var (name, value) in command.ExtraEnvironment) entries[name] = $"{name}={value}";
        return [.. entries.Values];
    }

    /// <summary>The same wording as a failed exec reported by the setsid helper; a missing working directory is named as such.</summary>
    private static string Explain(int errno, TaskLaunch launch, TaskCommand command)
    {
        var reason = Marshal.GetPInvokeErrorMessage(errno);
        return Directory.Exists(launch.SnapshotDir)
            ? $"could not start: failed to execute {command.Program}: {reason}"
            : $"could not start {command.Display}: working directory {launch.SnapshotDir}: {reason}";
    }

    private static void CloseIfOpen(ref int fd)
    {
        if (fd >= 0) Libc.Close(fd);
        fd = -1;
    }
}
