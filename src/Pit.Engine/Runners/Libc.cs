using System.Runtime.InteropServices;

namespace Pit.Engine.Runners;

/// <summary>The few POSIX calls .NET does not expose: signalling a process group and checking execute permission.</summary>
internal static class Libc
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int ESRCH = 3;
    public const int X_OK = 1;

    /// <summary><c>kill(2)</c>: a negative <paramref name="pid"/> addresses the process group <c>-pid</c>; signal 0 only checks.</summary>
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Kill(int pid, int signal);

    /// <summary><c>access(2)</c> for the real user: 0 when allowed.</summary>
    [DllImport("libc", EntryPoint = "access", SetLastError = true)]
    public static extern int Access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);
}
