using System.Globalization;
using System.Net;
using System.Text.Json;
using Pit.Cli.Tests.Support;

namespace Pit.Cli.Tests.Commands;

/// <summary>
/// <c>pit serve</c>'s Scheduler end to end: pause and resume, reload (API, SIGHUP, a changed file),
/// catch-up and queued triggers across a restart. The real binary on a temp workspace.
/// </summary>
public sealed class ServeSchedulerSpecs : IDisposable
{
    private TempWorkspace _workspace = TempWorkspace.ForRuns();

    public void Dispose() => _workspace.Dispose();

    private void Dag(string name, string script, string dagLines = "") => _workspace.OneTaskDag(name, script, dagLines);

    private static IReadOnlyList<JsonElement> Runs(ServedPit pit, string dag)
    {
        var reply = pit.Get($"/api/runs?dag={dag}&limit=500");
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        return reply.Json.GetProperty("runs").EnumerateArray().ToList();
    }

    /// <summary>When a run was created, from its id (<c>YYYYMMDD_HHMMSS.mmm_dag</c>, UTC).</summary>
    private static DateTimeOffset CreatedAt(string runId) =>
        DateTimeOffset.ParseExact(runId[..19], "yyyyMMdd_HHmmss.fff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static JsonElement DagItem(ServedPit pit, string name) =>
        pit.Get("/api/dags").Json.GetProperty("dags").EnumerateArray().Single(d => d.GetProperty("name").GetString() == name);

    private static void Stop(ServedPit pit)
    {
        pit.Process.Terminate();
        var result = pit.Process.WaitForExit();
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    /// <summary>Waits for wall-clock time to pass (schedule occurrences), not for Pit.</summary>
    private static void Until(DateTimeOffset at) => Poll.Until(() => DateTimeOffset.UtcNow >= at, $"the clock to reach {at:HH:mm:ss.fff}");

    [Fact]
    public void A_paused_dag_stops_firing_stays_paused_after_a_restart_and_fires_again_once_resumed()
    {
        Dag("tick", "true\n", "schedule = \"* * * * * *\"");
        DateTimeOffset pausedAt;
        using (var pit = new ServedPit(_workspace))
        {
            Poll.Until(() => Runs(pit, "tick").Count > 0, "the every-second schedule to fire");
            var paused = pit.Post("/api/dags/tick/pause");
            Assert.True(paused.Status == HttpStatusCode.OK, paused.ToString());
            Assert.True(paused.Json.GetProperty("paused").GetBoolean());
            Assert.True(paused.Json.GetProperty("changed").GetBoolean());
            pausedAt = DateTimeOffset.UtcNow;
            Assert.False(pit.Post("/api/dags/tick/pause").Json.GetProperty("changed").GetBoolean());
            Assert.True(DagItem(pit, "tick").GetProperty("paused").GetBoolean());
            Until(pausedAt.AddSeconds(3));
            Stop(pit);
        }
        using (var pit = new ServedPit(_workspace))
        {
            Assert.True(DagItem(pit, "tick").GetProperty("paused").GetBoolean());
            Until(DateTimeOffset.UtcNow.AddSeconds(2));
            Assert.DoesNotContain(Runs(pit, "tick"), run => CreatedAt(run.GetProperty("run_id").GetString()!) > pausedAt.AddMilliseconds(500));

            var resumed = pit.Post("/api/dags/tick/resume");
            Assert.True(resumed.Status == HttpStatusCode.OK, resumed.ToString());
            Assert.False(resumed.Json.GetProperty("paused").GetBoolean());
            var resumedAt = DateTimeOffset.UtcNow;
            Poll.Until(() => Runs(pit, "tick").Any(run => CreatedAt(run.GetProperty("run_id").GetString()!) > resumedAt),
                "the resumed schedule to fire");
            Assert.False(DagItem(pit, "tick").GetProperty("paused").GetBoolean());

            var unknown = pit.Post("/api/dags/nope/pause");
            Assert.True(unknown.Status == HttpStatusCode.NotFound, unknown.ToString());
            Assert.Equal("unknown_dag", unknown.ErrorCode);
        }
    }

    [Fact]
    public void A_reload_keeps_the_last_good_dag_of_a_broken_pit_toml_and_swaps_in_fixed_and_new_ones()
    {
        Dag("etl", "echo ok\n", "schedule = \"0 3 * * *\"");
        using var pit = new ServedPit(_workspace);

        // Broken: the API reload reports it, the health shows it, and the last good DAG still runs.
        _workspace.Write("projects/etl/pit.toml", "[dag]\nschedule = \"0 3 * * *\"\nretries_typo = 1\n\n[[tasks]]\nname = \"work\"\nscript = \"tasks/work.sh\"\n");
        var reload = pit.Post("/api/reload");
        Assert.True(reload.Status == HttpStatusCode.OK, reload.ToString());
        var error = Assert.Single(reload.Json.GetProperty("errors").EnumerateArray()).GetString();
        Assert.Contains("retries_typo", error);
        Assert.Contains("last valid version is kept", error);
        Assert.Equal(error, Assert.Single(pit.Get("/api/health").Json.GetProperty("reload_errors").EnumerateArray()).GetString());
        var runId = pit.Post("/api/dags/etl/trigger").Json.GetProperty("run_id").GetString()!;
        pit.WaitForRun(runId, "success");

        // Fixed with a new schedule, read on SIGHUP.
        Dag("etl", "echo ok\n", "schedule = \"0 5 * * *\"");
        pit.Process.HangUp();
        Poll.Until(() => pit.Get("/api/dags/etl").Json.GetProperty("schedule").GetString() == "0 5 * * *", "SIGHUP to reload the fixed pit.toml");
        Assert.Empty(pit.Get("/api/health").Json.GetProperty("reload_errors").EnumerateArray());
        Assert.False(pit.Process.HasExited);

        // A new project is seen by the file watcher alone.
        Dag("added", "echo new\n");
        Poll.Until(() => pit.Get("/api/dags").Json.GetProperty("dags").EnumerateArray().Any(d => d.GetProperty("name").GetString() == "added"),
            "the file watcher to reload the new project");
        pit.WaitForRun(pit.Post("/api/dags/added/trigger").Json.GetProperty("run_id").GetString()!, "success");
    }

    [Fact]
    public void Catchup_latest_runs_the_latest_occurrence_missed_while_the_service_was_down()
    {
        Dag("tick", "true\n", "schedule = \"*/2 * * * * *\"\ncatchup = \"latest\"");
        using (var pit = new ServedPit(_workspace))
        {
            Poll.Until(() => Runs(pit, "tick").Any(run => run.GetProperty("trigger").GetString() == "cron"), "the schedule to fire");
            Stop(pit);
        }
        Until(DateTimeOffset.UtcNow.AddSeconds(5));

        using (var pit = new ServedPit(_workspace))
        {
            Poll.Until(() => Runs(pit, "tick").Any(run => run.GetProperty("trigger").GetString() == "catchup"), "the missed occurrence to be caught up");
            Assert.Single(Runs(pit, "tick"), run => run.GetProperty("trigger").GetString() == "catchup");
        }
    }

    [Fact]
    public void A_queued_trigger_survives_a_restart_and_starts_once()
    {
        _workspace.Dispose();
        _workspace = TempWorkspace.ForRuns("shutdown_timeout = \"1s\"");
        Dag("queue", "echo run >> \"$PIT_WORKSPACE_DIR/queue.count\"\nwhile [ ! -f \"$PIT_WORKSPACE_DIR/release\" ]; do sleep 0.1; done\n",
            "overlap = \"queue\"");
        string first;
        using (var pit = new ServedPit(_workspace))
        {
            first = pit.Post("/api/dags/queue/trigger").Json.GetProperty("run_id").GetString()!;
            pit.WaitForTaskRunning(first, "work");
            var queued = pit.Post("/api/dags/queue/trigger", "{\"day\":\"2026-03-01\"}");
            Assert.True(queued.Status == HttpStatusCode.Accepted, queued.ToString());
            Assert.Equal(1, queued.Json.GetProperty("queued").GetInt32());
            Stop(pit);
        }

        using (var pit = new ServedPit(_workspace))
        {
            Poll.Until(() => Runs(pit, "queue").Count == 2, "the queued trigger to start after the restart");
            var second = Runs(pit, "queue").Single(run => run.GetProperty("run_id").GetString() != first).GetProperty("run_id").GetString()!;
            File.WriteAllText(_workspace.PathOf("release"), "");
            pit.WaitForRun(second, "success");
            Assert.Equal("cancelled", pit.Get($"/api/runs/{first}").Json.GetProperty("state").GetString());
            Stop(pit);
        }

        using (var pit = new ServedPit(_workspace))
        {
            Assert.Equal(2, Runs(pit, "queue").Count);
        }
        Assert.Equal(2, File.ReadAllLines(_workspace.PathOf("queue.count")).Length);
    }
}
