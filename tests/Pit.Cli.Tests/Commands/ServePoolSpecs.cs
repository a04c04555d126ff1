using System.Net;
using Pit.Cli.Tests.Support;

namespace Pit.Cli.Tests.Commands;

/// <summary><c>pit serve</c> end to end with <c>[pools]</c>: the built binary, real bash tasks, the HTTP API.</summary>
public sealed class ServePoolSpecs : IDisposable
{
    // Marks its start, waits until the test opens the gate, then marks its end.
    private const string GatedScript = """
        echo "start $PIT_RUN_ID" >> "$PIT_WORKSPACE_DIR/markers.txt"
        while [ ! -f "$PIT_WORKSPACE_DIR/gate" ]; do sleep 0.05; done
        echo "end $PIT_RUN_ID" >> "$PIT_WORKSPACE_DIR/markers.txt"
        """;

    private readonly TempWorkspace _workspace = TempWorkspace.ForRuns("[pools]\ndb = 1");

    public void Dispose() => _workspace.Dispose();

    private static string RunIdOf(ApiReply reply)
    {
        Assert.True(reply.Status == HttpStatusCode.Accepted, reply.ToString());
        return reply.Json.GetProperty("run_id").GetString()!;
    }

    private static string TaskState(ServedPit pit, string runId, string task) =>
        pit.Get($"/api/runs/{runId}").Json.GetProperty("tasks").EnumerateArray()
            .Single(t => t.GetProperty("name").GetString() == task).GetProperty("state").GetString()!;

    [Fact]
    public void A_task_of_a_second_run_waits_pending_for_the_pool_slot_the_first_run_holds()
    {
        _workspace.Write("projects/loader/pit.toml", """
            [dag]
            overlap = "allow"

            [[tasks]]
            name = "load"
            script = "tasks/load.sh"
            pool = "db"
            """);
        _workspace.Write("projects/loader/tasks/load.sh", GatedScript);
        using var pit = new ServedPit(_workspace);
        var first = RunIdOf(pit.Post("/api/dags/loader/trigger"));
        pit.WaitForTaskRunning(first, "load");

        var second = RunIdOf(pit.Post("/api/dags/loader/trigger"));
        var log = _workspace.RunPath(second, "logs", "load.log");
        Poll.Until(() => Poll.FileContains(log, "waits for a slot of pool db (1 in use)"), "the second run's task to wait for the pool");

        Assert.Equal("pending", TaskState(pit, second, "load"));
        _workspace.Write("gate", "");
        pit.WaitForRun(first, "success");
        pit.WaitForRun(second, "success");
        var markers = File.ReadAllLines(_workspace.PathOf("markers.txt"));
        Assert.Equal([$"start {first}", $"end {first}", $"start {second}", $"end {second}"], markers);
    }
}
