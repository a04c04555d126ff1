using System.Globalization;

namespace Pit.Cli.Tests.Support;

/// <summary>What <c>/proc</c> says about a process id.</summary>
public static class ProcessTable
{
    /// <summary>True while the process runs; a zombie (dead, waiting for its parent to reap it) is not alive.</summary>
    public static bool IsAlive(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
        // "pid (comm) state …": comm may hold spaces and parentheses, so read after the last ')'.
        var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ', 2)[0];
        return state is not ("Z" or "X");
    }

    public static int ReadPid(string pidFile) =>
        int.Parse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Best-effort cleanup after a failed test, so a leaked <c>sleep 1000</c> does not outlive it.</summary>
    public static void KillIfAlive(int pid)
    {
        if (!IsAlive(pid)) return;
        try { System.Diagnostics.Process.GetProcessById(pid).Kill(); }
        catch (ArgumentException) { }
        catch (InvalidOperationException) { }
    }
}
