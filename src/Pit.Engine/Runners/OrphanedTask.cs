using System.Globalization;

namespace Pit.Engine.Runners;

/// <summary>
/// A task process left running by a Pit that stopped (crash, <c>kill -9</c>): Pit starts every task
/// as the leader of its own session and process group, with <c>PIT_RUN_ID</c> and
/// <c>PIT_TASK_NAME</c> in its environment. A process is taken to be the task only when its pid,
/// process group and session are all the recorded pid and its environment names that run and task:
/// a recorded pid may since have been reused, by another session leader too (a login shell, a
/// daemon, after a reboot), and that process is left alone. A task whose start Pit had not recorded
/// yet is found by its environment alone (<see cref="OfRun"/>).
/// </summary>
public static class OrphanedTask
{
    /// <summary>
    /// The task processes of run <paramref name="runId"/> still alive, by task name: session leaders
    /// whose environment has that <c>PIT_RUN_ID</c>, with their <c>PIT_TASK_NAME</c>. Empty where
    /// there is no <c>/proc</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, int> OfRun(string runId)
    {
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!OperatingSystem.IsLinux()) return found;
        string[] entries;
        try
        {
            entries = Directory.GetDirectories("/proc");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return found;
        }
        var wantedRun = "PIT_RUN_ID=" + runId;
        foreach (var entry in entries)
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || !LeadsOwnSession(pid)) continue;
            var task = TaskNameIn(pid, wantedRun);
            if (task is not null) found.TryAdd(task, pid);
        }
        return found;
    }

    /// <summary>
    /// Sends SIGKILL to the group of <paramref name="pid"/> when it still leads its own session as
    /// task <paramref name="task"/> of run <paramref name="runId"/>; true if it did.
    /// </summary>
    public static bool Kill(int pid, string runId, string task)
    {
        if (!OperatingSystem.IsLinux() || !LeadsOwnSession(pid) || TaskNameIn(pid, "PIT_RUN_ID=" + runId) != task) return false;
        return Libc.Kill(-pid, Libc.SIGKILL) == 0;
    }

    /// <summary>The <c>PIT_TASK_NAME</c> in the environment <paramref name="pid"/> started with, when it also holds <paramref name="wantedRun"/>.</summary>
    private static string? TaskNameIn(int pid, string wantedRun)
    {
        string environment;
        try
        {
            environment = File.ReadAllText($"/proc/{pid}/environ");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        const string taskKey = "PIT_TASK_NAME=";
        string? task = null;
        var run = false;
        foreach (var variable in environment.Split('\0'))
        {
            if (variable == wantedRun) run = true;
            else if (variable.StartsWith(taskKey, StringComparison.Ordinal)) task = variable[taskKey.Length..];
        }
        return run ? task : null;
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
