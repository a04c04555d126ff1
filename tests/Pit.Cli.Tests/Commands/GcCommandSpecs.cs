using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Pit.Cli.Tests.Support;

namespace Pit.Cli.Tests.Commands;

/// <summary>
/// <c>pit gc</c> and <c>pit serve</c>'s retention on the real binary and a real SQLite journal: old
/// finished runs lose their folder, journal events (and tag rows) and history rows, and keep their
/// summary row (<c>pit status</c> still shows them, until a rebuild of the read models); recent and
/// running runs are kept; <c>--dry-run</c> deletes nothing. Runs are made old by moving their times
/// back in the read model's row (what retention reads), or by a retention of one second.
/// </summary>
public sealed class GcCommandSpecs : IDisposable
{
    private readonly TempWorkspace _workspace;

    public GcCommandSpecs() : this("[retention]\nruns = \"30d\"")
    {
    }

    private GcCommandSpecs(string config)
    {
        _workspace = TempWorkspace.ForRuns(config);
        _workspace.OneTaskDag("etl", "echo loaded > \"$PIT_DATA_DIR/out.txt\"\n");
        // Runs until the test creates the release file.
        _workspace.OneTaskDag("slow", $"while [ ! -e '{Release}' ]; do sleep 0.1; done\n");
    }

    public void Dispose() => _workspace.Dispose();

    private string Release => _workspace.PathOf("release");

    private string Db => _workspace.PathOf(".pit", "pit.db");

    private string RunEtl()
    {
        var before = _workspace.RunIds("etl");
        var run = _workspace.Pit("run", "etl");
        Assert.True(run.ExitCode == 0, run.ToString());
        return _workspace.RunIds("etl").Except(before).Single();
    }

    private long Count(string sql, string id)
    {
        using var db = new SqliteConnection($"Data Source={Db}");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private long JournalEvents(string runId) => Count("SELECT count(*) FROM journal WHERE persistence_id = $id", "run-" + runId);

    private long TagRows(string runId) => Count("SELECT count(*) FROM tags WHERE persistence_id = $id", "run-" + runId);

    private long HistoryRows(string runId) => Count("SELECT count(*) FROM pit_history WHERE run_id = $id", runId);

    /// <summary>Moves the run's creation (and finish, when it has one) <paramref name="age"/> back in its read-model row.</summary>
    private void Age(string runId, TimeSpan age)
    {
        var status = _workspace.Pit("status", runId); // catches the read models up first
        Assert.True(status.ExitCode == 0, status.ToString());
        var then = (DateTime.UtcNow - age).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        using var db = new SqliteConnection($"Data Source={Db}");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "UPDATE pit_runs SET created_at = $then, finished_at = CASE WHEN finished_at IS NULL THEN NULL ELSE $then END WHERE run_id = $id";
        command.Parameters.AddWithValue("$then", then);
        command.Parameters.AddWithValue("$id", runId);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private RunningPit StartSlow(out string runId)
    {
        var slow = _workspace.StartPit("run", "slow");
        Poll.Until(() => _workspace.RunIds("slow").Count == 1 || slow.HasExited, "the slow run to start");
        var id = _workspace.OnlyRunId("slow");
        Poll.Until(() => _workspace.Pit("status", id).Stdout.Contains("running", StringComparison.Ordinal) || slow.HasExited, "the slow run's task to run");
        Assert.False(slow.HasExited, slow.StdoutSoFar + slow.StderrSoFar);
        runId = id;
        return slow;
    }

    [Fact]
    public void Gc_removes_the_old_finished_runs_and_keeps_recent_and_running_ones()
    {
        var old = RunEtl();
        var recent = RunEtl();
        using var slow = StartSlow(out var running);
        Age(old, TimeSpan.FromDays(40));
        Age(running, TimeSpan.FromDays(40));
        var oldEvents = JournalEvents(old);
        Assert.True(oldEvents > 0);
        Assert.True(HistoryRows(old) > 0);

        var dryRun = _workspace.Pit("gc", "--dry-run", "--json");

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        var plan = JsonDocument.Parse(dryRun.Stdout).RootElement;
        Assert.True(plan.GetProperty("dry_run").GetBoolean());
        var listed = Assert.Single(plan.GetProperty("runs").EnumerateArray());
        Assert.Equal((old, "etl", "success"), (listed.GetProperty("run_id").GetString(), listed.GetProperty("dag").GetString(), listed.GetProperty("state").GetString()));
        Assert.True(listed.GetProperty("folder_bytes").GetInt64() > 0);
        Assert.True(Directory.Exists(_workspace.PathOf("runs", old)));
        Assert.Equal(oldEvents, JournalEvents(old));

        var gc = _workspace.Pit("gc");

        Assert.True(gc.ExitCode == 0, gc.ToString());
        Assert.Contains(old, gc.Stdout);
        Assert.DoesNotContain(recent, gc.Stdout);
        Assert.DoesNotContain(running, gc.Stdout);
        Assert.Contains($"removed 1 run(s) older than 30d: ", gc.Stdout);
        Assert.Contains($", {oldEvents} journal event(s) deleted", gc.Stdout);
        Assert.False(Directory.Exists(_workspace.PathOf("runs", old)));
        Assert.Equal((0L, 0L, 0L), (JournalEvents(old), TagRows(old), HistoryRows(old)));
        Assert.True(Directory.Exists(_workspace.PathOf("runs", recent)));
        Assert.True(JournalEvents(recent) > 0);
        Assert.True(Directory.Exists(_workspace.PathOf("runs", running)));
        Assert.True(JournalEvents(running) > 0);

        // The run's summary row stays: pit status still shows it; its events are gone from the history.
        var status = _workspace.Pit("status", old);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("success", status.Stdout);
        Assert.Contains($"no events of run {old} match", _workspace.Pit("history", old).Stdout);

        // A second gc finds nothing left of it.
        var again = _workspace.Pit("gc", "--json");
        Assert.Equal(0, JsonDocument.Parse(again.Stdout).RootElement.GetProperty("runs_removed").GetInt32());

        // The running run, once finished, counts from its finish: just now, so it is kept.
        File.WriteAllText(Release, "");
        var ran = slow.WaitForExit();
        Assert.True(ran.ExitCode == 0, ran.ToString());
        var afterFinish = _workspace.Pit("gc");
        Assert.Contains("removed 0 run(s)", afterFinish.Stdout);
        Assert.True(Directory.Exists(_workspace.PathOf("runs", running)));

        // A rebuild of the read models from the journal forgets the collected run, and only it.
        Assert.Equal(0, _workspace.Pit("history", "--rebuild").ExitCode);
        var forgotten = _workspace.Pit("status", old);
        Assert.Equal((1, $"error: no run '{old}' in the run history"), (forgotten.ExitCode, forgotten.Stderr.Trim()));
        Assert.Equal(0, _workspace.Pit("status", recent).ExitCode);
    }

    [Fact]
    public void Without_a_retention_table_gc_keeps_every_run()
    {
        _workspace.Write("pit_config.toml", $"python = \"{TempWorkspace.Python}\"\n");
        var run = RunEtl();

        var gc = _workspace.Pit("gc");

        Assert.True(gc.ExitCode == 0, gc.ToString());
        Assert.Contains("no [retention] in pit_config.toml: every run is kept", gc.Stdout);
        Assert.True(Directory.Exists(_workspace.PathOf("runs", run)));
    }

    [Fact]
    public void A_bad_retention_is_an_error_naming_the_key_and_removes_nothing()
    {
        var run = RunEtl();
        Age(run, TimeSpan.FromDays(40));
        _workspace.Write("pit_config.toml", $"python = \"{TempWorkspace.Python}\"\n[retention]\nruns = \"a month\"\n");

        var gc = _workspace.Pit("gc");

        Assert.Equal(1, gc.ExitCode);
        Assert.Contains("retention.runs", gc.Stderr);
        Assert.Contains("nothing was removed", gc.Stderr);
        Assert.True(Directory.Exists(_workspace.PathOf("runs", run)));
    }

    [Fact]
    public void Serve_collects_old_runs_on_its_own_but_never_a_running_one()
    {
        _workspace.Write("pit_config.toml", $"python = \"{TempWorkspace.Python}\"\nkill_grace = \"1s\"\n[retention]\nruns = \"1s\"\ngc_delay = \"1s\"\ngc_every = \"1s\"\n");
        using var pit = new ServedPit(_workspace);
        var slow = RunIdOf(pit.Post("/api/dags/slow/trigger"));
        pit.WaitForTaskRunning(slow, "work");
        var etl = RunIdOf(pit.Post("/api/dags/etl/trigger"));
        pit.WaitForRun(etl, "success");

        // The slow run was created before the etl run finished: as old, by creation, as that run is by its end.
        Poll.Until(() => !Directory.Exists(_workspace.PathOf("runs", etl)), "pit serve to remove the finished etl run");

        Assert.True(Directory.Exists(_workspace.PathOf("runs", slow)));
        Assert.Equal("running", pit.Get($"/api/runs/{slow}").Json.GetProperty("state").GetString());
        Assert.Equal(0, JournalEvents(etl));
        Assert.True(JournalEvents(slow) > 0);
        Poll.Until(() => Log(pit).Contains($"Retention: removed 1 run(s) older than 1s: {etl}", StringComparison.Ordinal), "the removal to be logged");

        File.WriteAllText(Release, "");
        pit.WaitForRun(slow, "success");
        Poll.Until(() => !Directory.Exists(_workspace.PathOf("runs", slow)), "pit serve to remove the slow run once finished");
        Assert.Equal(0, JournalEvents(slow));
        List<string> Removals() => Log(pit).Split('\n').Where(l => l.Contains("Retention: removed", StringComparison.Ordinal)).ToList();
        // The removal is logged once the folder is gone.
        Poll.Until(() => Removals().Any(l => l.Contains(slow, StringComparison.Ordinal)), "the slow run's removal to be logged");
        Assert.DoesNotContain(slow, Removals()[0]);
    }

    private static string Log(ServedPit pit) => pit.Process.StdoutSoFar + pit.Process.StderrSoFar;

    private static string RunIdOf(ApiReply reply)
    {
        Assert.True(reply.Status == HttpStatusCode.Accepted, reply.ToString());
        return reply.Json.GetProperty("run_id").GetString()!;
    }
}
