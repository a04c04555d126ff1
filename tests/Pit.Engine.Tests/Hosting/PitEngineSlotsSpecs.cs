using Akka.Actor;
using Microsoft.Data.Sqlite;
using Pit.Core.Workspace;
using Pit.Engine.Hosting;
using Pit.Engine.Protocol;
using Pit.Engine.Runs;

namespace Pit.Engine.Tests.Hosting;

/// <summary>
/// The whole engine on a real workspace (SQLite journal, bash task processes): pools and the
/// workspace's <c>max_active_tasks</c> hold across runs. Each task appends a start and an end
/// line to one markers file, so the file shows which tasks overlapped.
/// </summary>
public sealed class PitEngineSlotsSpecs : IDisposable
{
    private const string MarkScript = """
        echo "start $PIT_RUN_ID $PIT_TASK_NAME" >> "$PIT_WORKSPACE_DIR/markers.txt"
        sleep 0.2
        echo "end $PIT_RUN_ID $PIT_TASK_NAME" >> "$PIT_WORKSPACE_DIR/markers.txt"
        """;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "pit-slots-" + Guid.NewGuid().ToString("N")[..12]);

    private string Markers => Path.Combine(_root, "markers.txt");

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>A workspace with one DAG <c>marks</c> (overlap allow) whose tasks all run mark.sh.</summary>
    private Workspace Workspace(string pitConfig, params string[] tasks)
    {
        Write("pit_config.toml", pitConfig);
        Write("projects/marks/mark.sh", MarkScript);
        Write("projects/marks/pit.toml", "[dag]\nname = \"marks\"\noverlap = \"allow\"\n" +
            string.Concat(tasks.Select(t => $"\n[[tasks]]\nscript = \"mark.sh\"\n{t.Replace("; ", "\n")}\n")));
        var workspace = WorkspaceLoader.Load(_root);
        var errors = workspace.ConfigErrors.Concat(workspace.Projects.SelectMany(p => p.Errors)).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return workspace;
    }

    /// <summary>Triggers the DAG <paramref name="runs"/> times at once and waits until every run has finished; their run ids and outcomes.</summary>
    private static async Task<Dictionary<string, RunStatus>> RunTogether(PitEngine engine, int runs)
    {
        using var tap = new EventTap(engine.System);
        var trigger = new SchedulerCommands.TriggerRun("marks", null, "manual", new Dictionary<string, string>());
        var replies = await Task.WhenAll(Enumerable.Range(0, runs).Select(_ => engine.Actors!.Scheduler.Ask<object>(trigger, TimeSpan.FromSeconds(30))));
        var ids = replies.Select(reply => Assert.IsType<SchedulerCommands.TriggerAccepted>(reply).RunId).ToHashSet();

        var finished = new Dictionary<string, RunStatus>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (finished.Count < ids.Count)
        {
            var e = await tap.Events.ReadAsync(timeout.Token);
            if (e is RunEvents.RunFinished done && ids.Contains(done.RunId)) finished[done.RunId] = done.Status;
        }
        return finished;
    }

    private List<string> MarkerLines() => File.ReadAllLines(Markers).Where(line => line.Length > 0).ToList();

    /// <summary>The most tasks the markers file shows running at once.</summary>
    private static int MostAtOnce(IEnumerable<string> lines)
    {
        int running = 0, most = 0;
        foreach (var line in lines)
        {
            running += line.StartsWith("start ", StringComparison.Ordinal) ? 1 : -1;
            most = Math.Max(most, running);
        }
        return most;
    }

    private string AllTaskLogs() =>
        string.Concat(Directory.GetFiles(Path.Combine(_root, "runs"), "*.log", SearchOption.AllDirectories).Select(File.ReadAllText));

    [Fact]
    public async Task Tasks_of_two_runs_in_a_pool_of_one_slot_never_overlap()
    {
        var workspace = Workspace("[pools]\ndb = 1\n", "name = \"first\"; pool = \"db\"", "name = \"second\"; pool = \"db\"");
        await using var engine = await PitEngine.StartServiceAsync(workspace);

        var finished = await RunTogether(engine, runs: 2);

        Assert.All(finished.Values, status => Assert.Equal(RunStatus.Succeeded, status));
        var lines = MarkerLines();
        Assert.Equal(8, lines.Count);
        for (var i = 0; i < lines.Count; i += 2)
            Assert.Equal(lines[i].Replace("start ", "end "), lines[i + 1]);
        Assert.Contains("waits for a slot of pool db (1 in use)", AllTaskLogs());
    }

    [Fact]
    public async Task The_workspace_max_active_tasks_holds_across_runs()
    {
        var workspace = Workspace("max_active_tasks = 2\n", "name = \"a\"", "name = \"b\"", "name = \"c\"");
        await using var engine = await PitEngine.StartAsync(workspace);

        var finished = await RunTogether(engine, runs: 2);

        Assert.All(finished.Values, status => Assert.Equal(RunStatus.Succeeded, status));
        var lines = MarkerLines();
        Assert.Equal(12, lines.Count);
        Assert.InRange(MostAtOnce(lines), 1, 2);
        Assert.Contains("waits for a workspace task slot (max_active_tasks = 2, 2 in use)", AllTaskLogs());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
    }
}
