using System.Globalization;

namespace Pit.Engine.Runners;

/// <summary>
/// A task process left running by a Pit that stopped (crash, <c>kill -9</c>): Pit starts every task
/// as the leader of its own session and process group, so a process whose pid, process group and
/// session are all the recorded pid is taken to be that task (a reused pid is almost never a
/// session leader of its own group), and its whole group is killed.
/// </summary>
public static class OrphanedTask
{
    /// <summary>Sends SIGKILL to the group of <paramref name="pid"/> when it still leads its own session; true if it did.</summary>
    public static bool Kill(int pid)
    {
        if (!OperatingSystem.IsLinux() || !LeadsOwnSession(pid)) return false;
        return Libc.Kill(-pid, Libc.SIGKILL) == 0;
    }

    /// <summary>From <c>/proc/&lt;pid&gt;/stat</c>: fields 5 (process group) and 6 (session) after the command name.</summary>
    private static bool LeadsOwnSession(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 3 && fields[0] is not ("Z" or "X")
            && int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var group) && group == pid
            && int.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var session) && session == pid;
    }
}
