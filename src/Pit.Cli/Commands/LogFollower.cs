using Pit.Core.Workspace;
using Pit.Engine.Persistence.ReadModels;
using Pit.Engine.Runs;
using Pit.Engine.Streams;

namespace Pit.Cli.Commands;

/// <summary>
/// <c>pit logs -f</c>: prints what the log files hold, then what is appended, until the run is
/// over. Works across processes: it reads the files and polls the read models (caught up from the journal).
/// </summary>
public static class LogFollower
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public static async Task<int> FollowAsync(CliConsole console, Workspace workspace, string runId, IReadOnlyList<string> tasks, RunPaths paths)
    {
        var tails = tasks.ToDictionary(t => t, t => new LogTail(paths.LogOf(t)));
        var reader = HistoryAccess.Open(workspace);
        var lastCheck = DateTime.MinValue;
        var finished = false;
        while (true)
        {
            foreach (var task in tasks) PrintNew(console, tasks.Count > 1 ? task : null, tails[task]);
            console.Out.Flush();
            if (finished) return ExitCodes.Success;
            if (DateTime.UtcNow - lastCheck > TimeSpan.FromSeconds(1))
            {
                lastCheck = DateTime.UtcNow;
                var run = reader.Read(connection => RunQueries.Get(connection, runId));
                // One more pass after the run ends picks up the last lines.
                finished = run is null || run.Status != Pit.Engine.Protocol.RunStatus.Running;
            }
            await Task.Delay(Poll);
        }
    }

    private static void PrintNew(CliConsole console, string? prefix, LogTail tail)
    {
        IReadOnlyList<LogTail.Line> lines;
        while ((lines = tail.ReadNew()).Count > 0)
            foreach (var line in lines)
                console.Line(prefix is null ? line.Text : $"[{prefix}] {line.Text}");
    }
}
