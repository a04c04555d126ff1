using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Pit.Engine.Tests.Runners;

/// <summary>
/// A real process left running as a task Pit started would be: the leader of a session of its own
/// (<c>setsid sleep 60</c>), with <c>PIT_RUN_ID</c> and <c>PIT_TASK_NAME</c> in its environment.
/// </summary>
internal sealed class StrayTask : IDisposable
{
    private readonly Process _process;

    /// <param name="runId">Null for a session leader that is no task of Pit's (neither variable set).</param>
    public StrayTask(string? runId, string? task)
    {
        var info = new ProcessStartInfo("setsid", ["sleep", "60"]) { UseShellExecute = false };
        info.Environment.Remove("PIT_RUN_ID");
        info.Environment.Remove("PIT_TASK_NAME");
        if (runId is not null) info.Environment["PIT_RUN_ID"] = runId;
        if (task is not null) info.Environment["PIT_TASK_NAME"] = task;
        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start setsid sleep");
        // setsid calls setsid(2) and then execs sleep: wait for the first.
        if (!SpinWait.SpinUntil(() => GetSid(_process.Id) == _process.Id, TimeSpan.FromSeconds(10)))
            throw new InvalidOperationException("setsid sleep did not lead a session of its own");
    }

    public int Id => _process.Id;

    public bool ExitsWithin(TimeSpan limit) => _process.WaitForExit(limit);

    public bool Running => !_process.HasExited;

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "getsid")]
    private static extern int GetSid(int pid);
}
