using System.Runtime.InteropServices;

namespace Pit.Engine.Runners;

/// <summary>
/// The POSIX calls .NET does not expose: signalling a process group, checking execute permission,
/// and what <see cref="PosixSpawn"/> and <see cref="SpawnedProcess"/> need. Constants are Linux's
/// (the same on x86, x86-64, ARM, ARM64 and RISC-V).
/// </summary>
internal static class Libc
{
    public const int SIGKILL = 9;
    public const int SIGPIPE = 13;
    public const int SIGTERM = 15;
    public const int SIGCHLD = 17;
    public const int SA_NOCLDWAIT = 2;
    public static readonly IntPtr SIG_IGN = 1;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int ENOEXEC = 8;
    public const int ECHILD = 10;
    public const int X_OK = 1;
    public const int O_RDONLY = 0;
    public const int O_CLOEXEC = 0x80000;
    public const int P_PID = 1;
    public const int WEXITED = 4;
    public const int WNOWAIT = 0x01000000;

    /// <summary>Bytes of a <c>siginfo_t</c>, which <see cref="WaitId"/> fills.</summary>
    public const int SigInfoSize = 128;

    /// <summary><c>kill(2)</c>: a negative <paramref name="pid"/> addresses the process group <c>-pid</c>; signal 0 only checks.</summary>
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Kill(int pid, int signal);

    /// <summary><c>access(2)</c> for the real user: 0 when allowed.</summary>
    [DllImport("libc", EntryPoint = "access", SetLastError = true)]
    public static extern int Access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);

    /// <summary><c>pipe2(2)</c>: <c>fds[0]</c> is the read end, <c>fds[1]</c> the write end.</summary>
    [DllImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    public static extern int Pipe2([Out] int[] fds, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);

    /// <summary><c>waitid(2)</c>; with <see cref="WNOWAIT"/> the child stays a zombie, so its pid stays ours.</summary>
    [DllImport("libc", EntryPoint = "waitid", SetLastError = true)]
    public static extern int WaitId(int idType, int id, IntPtr info, int options);

    [DllImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    public static extern int WaitPid(int pid, out int status, int options);

    /// <summary>
    /// <c>sigaction(2)</c>. glibc's <c>struct sigaction</c> holds the handler, a 128-byte <c>sigset_t</c>,
    /// then the flags (an int), then the restorer.
    /// </summary>
    [DllImport("libc", EntryPoint = "sigaction", SetLastError = true)]
    public static extern int SigAction(int signal, IntPtr action, IntPtr oldAction);

    /// <summary>glibc only: its version, such as "2.36".</summary>
    [DllImport("libc", EntryPoint = "gnu_get_libc_version")]
    public static extern IntPtr GnuGetLibcVersion();

    // posix_spawn(3) and its attributes; each returns 0 or an error number (errno is not set).

    [DllImport("libc", EntryPoint = "posix_spawn")]
    public static extern int PosixSpawn(out int pid, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr fileActions, IntPtr attributes, IntPtr argv, IntPtr envp);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    public static extern int FileActionsInit(IntPtr actions);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    public static extern int FileActionsDestroy(IntPtr actions);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    public static extern int FileActionsAddDup2(IntPtr actions, int fd, int newFd);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_addopen")]
    public static extern int FileActionsAddOpen(IntPtr actions, int fd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    /// <summary>glibc 2.29+; the path is copied.</summary>
    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np")]
    public static extern int FileActionsAddChdir(IntPtr actions, [MarshalAs(UnmanagedType.LPUTF8Str)] string path);

    [DllImport("libc", EntryPoint = "posix_spawnattr_init")]
    public static extern int AttributesInit(IntPtr attributes);

    [DllImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    public static extern int AttributesDestroy(IntPtr attributes);

    [DllImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    public static extern int AttributesSetFlags(IntPtr attributes, short flags);

    [DllImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    public static extern int AttributesSetSignalDefault(IntPtr attributes, IntPtr signals);

    [DllImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    public static extern int AttributesSetSignalMask(IntPtr attributes, IntPtr signals);

    /// <summary>Sets errno and returns -1 on failure.</summary>
    [DllImport("libc", EntryPoint = "sigemptyset", SetLastError = true)]
    public static extern int SigEmptySet(IntPtr signals);

    /// <summary>Sets errno and returns -1 on failure (glibc refuses its internal signals, see <see cref="PosixSpawn"/>).</summary>
    [DllImport("libc", EntryPoint = "sigaddset", SetLastError = true)]
    public static extern int SigAddSet(IntPtr signals, int signal);
}
