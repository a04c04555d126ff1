using System.Globalization;
using System.Runtime.InteropServices;

namespace Pit.Engine.Runners;

/// <summary>
/// The process group of a task that leads its own session: started by <see cref="PosixSpawn"/> with
/// POSIX_SPAWN_SETSID, or through <c>setsid</c> (the child .NET spawns is not a group leader, so
/// <c>setsid</c> calls setsid(2) without forking and then execs the task). Either way the task's pid is
/// its session and group id. Signals go to the whole group (<c>kill(-pgid, …)</c>), so grandchildren
/// die with the task. Without a group of its own (<see cref="OwnGroup"/> false: the fallback without
/// <c>setsid</c>) only the process itself is signalled.
/// </summary>
internal sealed class ProcessGroup(ITaskProcess process)
{
    public int Id { get; } = process.Id;

    public bool OwnGroup { get; } = process.OwnGroup;

    /// <summary>
    /// True while a process of the group is alive (the leader may already have exited). Zombies do
    /// not count: an orphan is a zombie until init reaps it, and some container inits never do.
    /// </summary>
    public bool HasLiveMembers
    {
        get
        {
            if (!OwnGroup) return false;
            if (Libc.Kill(-Id, 0) != 0 && Marshal.GetLastPInvokeError() == Libc.ESRCH) return false;
            return !Directory.Exists("/proc/self") || LiveMembersInProc();
        }
    }

    /// <summary>Sends <paramref name="signal"/> to the group, or to the process alone when it has no group of its own yet.</summary>
    public void Signal(int signal)
    {
        if (OwnGroup && Libc.Kill(-Id, signal) == 0) return;
        // No group (setsid missing, or it has not run setsid(2) yet): the process itself, if still ours.
        process.SignalIfRunning(signal);
    }

    private bool LiveMembersInProc()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0])) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so parse after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ', 4);
            if (fields.Length >= 3 && fields[0] != "Z" && fields[0] != "X"
                && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var group) && group == Id)
                return true;
        }
        return false;
    }
}
