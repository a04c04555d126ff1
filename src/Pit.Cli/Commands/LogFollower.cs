using Pit.Core.Workspace;
using Pit.Engine.Persistence;
using Pit.Engine.Runs;

namespace Pit.Cli.Commands;

/// <summary>
/// <c>pit logs -f</c>: prints what the log files hold, then what is appended, until the run is
/// over. Works across processes: it reads the files and polls the run history.
/// </summary>
public static class LogFollower
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public static async Task<int> FollowAsync(CliConsole console, Workspace workspace, string runId, IReadOnlyList<string> tasks, RunPaths paths)
    {
        var offsets = tasks.ToDictionary(t => t, _ => 0L);
        var engine = await Pit.Engine.Hosting.PitEngine.StartReadOnlyAsync(workspace);
        await using (engine)
        {
            var reader = new RunHistoryReader(engine.System);
            var lastCheck = DateTime.MinValue;
            var finished = false;
            while (true)
            {
                foreach (var task in tasks) offsets[task] = PrintNew(console, tasks.Count > 1 ? task : null, paths.LogOf(task), offsets[task]);
                console.Out.Flush();
                if (finished) return ExitCodes.Success;
                if (DateTime.UtcNow - lastCheck > TimeSpan.FromSeconds(1))
                {
                    lastCheck = DateTime.UtcNow;
                    var run = await reader.GetAsync(runId);
                    // One more pass after the run ends picks up the last lines.
                    finished = run is null || run.Status != Pit.Engine.Protocol.RunStatus.Running;
                }
                await Task.Delay(Poll);
            }
        }
    }

    private static long PrintNew(CliConsole console, string? prefix, string path, long offset)
    {
        if (!File.Exists(path)) return offset;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (stream.Length <= offset) return offset;
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        // Print whole lines only; a partial last line waits for its newline.
        var end = text.LastIndexOf('\n');
        if (end < 0) return offset;
        foreach (var line in text[..end].Split('\n'))
            console.Line(prefix is null ? line : $"[{prefix}] {line}");
        return offset + System.Text.Encoding.UTF8.GetByteCount(text.AsSpan(0, end + 1));
    }
}
