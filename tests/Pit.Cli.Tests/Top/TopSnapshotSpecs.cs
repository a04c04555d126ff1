using System.Text.Json.Nodes;
using Pit.Cli.Top;

namespace Pit.Cli.Tests.Top;

/// <summary>The view's model, built from replies shaped as the control contract says.</summary>
public sealed class TopSnapshotSpecs
{
    [Fact]
    public void The_dags_of_dag_ls_keep_their_schedule_next_fire_pause_and_last_run()
    {
        var snapshot = TopReplies.Snapshot();

        Assert.Equal(["claims_pipeline", "nightly_export", "adhoc"], snapshot.Dags.Select(d => d.Name));
        var claims = snapshot.Dags[0];
        Assert.Equal(("*/30 * * * *", new DateTimeOffset(2025, 3, 14, 10, 0, 0, TimeSpan.Zero), false, 1, 2, "running"),
            (claims.Schedule, claims.NextFire, claims.Paused, claims.ActiveRuns, claims.Queued, claims.LastState));
        Assert.True(snapshot.Dags[1].Paused);
        Assert.Equal((null, null, null), (snapshot.Dags[2].Schedule, snapshot.Dags[2].NextFire, snapshot.Dags[2].LastRun));
    }

    [Fact]
    public void Active_runs_are_the_running_ones_once_each_and_failures_are_the_failed_and_timed_out_ones_newest_first()
    {
        var snapshot = TopReplies.Snapshot();

        var active = Assert.Single(snapshot.Active);
        Assert.Equal((TopReplies.ActiveRun, 2, 4), (active.RunId, active.TasksDone, active.TasksTotal));
        Assert.Equal([TopReplies.FailedRun, TopReplies.TimedOutRun], snapshot.Failures.Select(r => r.RunId));
        Assert.Equal([TopReplies.ActiveRun, TopReplies.FailedRun, TopReplies.TimedOutRun], snapshot.Runs.Select(r => r.RunId));
    }

    [Fact]
    public void An_active_run_beyond_the_recent_ones_still_counts_as_active()
    {
        var older = JsonNode.Parse("""[{"run_id":"20250301_000000.000_backfill","dag":"backfill","state":"running","started":"2025-03-01T00:00:00Z","tasks_done":0,"tasks_total":9}]""");

        var snapshot = TopSnapshot.Of(TopReplies.DagLs(), older, TopReplies.Recent(), TopReplies.Now);

        Assert.Equal([TopReplies.ActiveRun, "20250301_000000.000_backfill"], snapshot.Active.Select(r => r.RunId));
    }

    [Fact]
    public void Run_show_gives_each_task_with_its_state_attempts_duration_and_exit_code()
    {
        var run = RunDetail.From(TopReplies.RunShow());

        Assert.Equal((TopReplies.ActiveRun, "running"), (run.RunId, run.State));
        Assert.Equal(["extract", "validate", "load_claims", "report"], run.Tasks.Select(t => t.Name));
        Assert.Equal(new TaskRow("validate", "success", 2, 1.25, 0), run.Tasks[1]);
        Assert.Equal(new TaskRow("load_claims", "running", 1, null, null), run.Tasks[2]);
    }

    [Fact]
    public void Fields_missing_or_of_another_kind_read_as_absent()
    {
        var dags = JsonNode.Parse("""[{"dag":"odd","next_fire":"not a time","active_runs":"two","paused":"yes"}]""");

        var dag = Assert.Single(TopSnapshot.Of(dags, null, new JsonArray(), TopReplies.Now).Dags);

        Assert.Equal(new DagRow("odd", null, null, false, 0, 0, null, null), dag);
    }

    [Fact]
    public void A_reply_that_is_not_a_list_is_an_error_naming_the_command()
    {
        var error = Assert.Throws<FormatException>(() => TopSnapshot.Of(JsonNode.Parse("""{"dags":[]}"""), null, null, TopReplies.Now));

        Assert.Equal("dag ls: expected a list, got an object", error.Message);
    }
}
