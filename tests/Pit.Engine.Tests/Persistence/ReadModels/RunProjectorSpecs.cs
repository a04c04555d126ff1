using Microsoft.Data.Sqlite;
using Pit.Engine.Persistence;
using Pit.Engine.Persistence.ReadModels;
using Pit.Engine.Protocol;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Tests.Persistence.ReadModels;

/// <summary>The projector folding run events into the read-model tables of a real SQLite file (no journal, no actors).</summary>
public sealed class RunProjectorSpecs : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<JournalEvent> _events;

    public RunProjectorSpecs()
    {
        _events = MixedRuns.Interleaved().Select((e, i) => new JournalEvent(i + 1, e)).ToList();
    }

    public void Dispose() => _folder.Dispose();

    private SqliteConnection Database(string name = "pit.db")
    {
        Directory.CreateDirectory(_folder.Path);
        var path = Path.Combine(_folder.Path, name);
        SqliteMetadataDb.Prepare(path);
        var connection = new SqliteConnection(SqliteMetadataDb.ConnectionString(path));
        connection.Open();
        ReadModelSchema.Ensure(connection);
        return connection;
    }

    private static void ApplyInBatches(RunProjector projector, SqliteConnection connection, IReadOnlyList<JournalEvent> events, int size)
    {
        for (var i = 0; i < events.Count; i += size) projector.Apply(connection, events.Skip(i).Take(size).ToList());
    }

    [Fact]
    public void The_rows_tell_each_run_as_RunHistory_folds_it()
    {
        using var db = Database();
        ApplyInBatches(new RunProjector(), db, _events, 5);
        var fold = new RunHistory();
        foreach (var e in _events) fold.Apply(e.Event);

        Assert.Equal(4, fold.Count);
        foreach (var expected in fold.All()) SameRun(expected, RunQueries.Get(db, expected.RunId));
        Assert.Equal(fold.All().Select(r => r.RunId), RunQueries.List(db, null, null, null, 100).Select(r => r.RunId));
        Assert.Equal(fold.RunsOf("etl").Select(r => r.RunId), RunQueries.List(db, "etl", null, null, 100).Select(r => r.RunId));
        Assert.Equal([MixedRuns.Failed], RunQueries.List(db, null, "failed", null, 100).Select(r => r.RunId));
        Assert.Equal(fold.Summaries().Select(s => (s.Dag, s.LastRun.RunId, s.Runs, s.Recent, s.RecentSucceeded, s.RecentFailed)),
            RunQueries.Summaries(db, null, RunHistory.DefaultRecent).Select(s => (s.Dag, s.LastRun.RunId, s.Runs, s.Recent, s.RecentSucceeded, s.RecentFailed)));
        Assert.Equal(fold.LatestLogicalTimes(), RunQueries.LatestLogicalTimes(db));

        var retried = RunQueries.Get(db, MixedRuns.Retried)!;
        Assert.Equal((TaskStatus.Success, 2, 0), (retried.Task("extract")!.Status, retried.Task("extract")!.Attempts, retried.Task("extract")!.ExitCode));
        Assert.Equal(TaskStatus.Skipped, retried.Task("alert")!.Status);
        Assert.Equal("{\"count\":42}", retried.Context!["rows"]);
        Assert.Equal(RunStatus.Cancelled, RunQueries.Get(db, MixedRuns.Cancelled)!.Status);
    }

    [Fact]
    public void A_page_before_a_run_holds_only_older_runs()
    {
        using var db = Database();
        new RunProjector().Apply(db, _events);
        var cursor = RunCursor.Before(RunQueries.Get(db, MixedRuns.Cancelled)!);

        Assert.Equal([MixedRuns.Failed, MixedRuns.Retried], RunQueries.List(db, null, null, cursor, 100).Select(r => r.RunId));
        Assert.Equal([MixedRuns.Retried], RunQueries.List(db, null, null, RunCursor.Before(MixedRuns.T0.AddMinutes(5)), 100).Select(r => r.RunId));
    }

    [Fact]
    public void Applying_events_again_changes_nothing()
    {
        using var db = Database();
        var projector = new RunProjector();
        projector.Apply(db, _events.Take(20).ToList());
        var once = TableDump.Of(db);

        var again = projector.Apply(db, _events.Take(20).ToList());
        Assert.Equal(0, again.Events);
        Assert.Equal(once, TableDump.Of(db));
        // A fresh projector (another process) skips them as well, by the stored offset.
        Assert.Equal(0, new RunProjector().Apply(db, _events.Skip(10).Take(10).ToList()).Events);
        Assert.Equal(once, TableDump.Of(db));
    }

    [Fact]
    public void Any_batching_and_any_number_of_projectors_give_the_same_rows()
    {
        using var oneBatch = Database("one.db");
        new RunProjector().Apply(oneBatch, _events);
        using var oneByOne = Database("each.db");
        ApplyInBatches(new RunProjector(), oneByOne, _events, 1);
        using var two = Database("two.db");
        var (first, second) = (new RunProjector(), new RunProjector());
        for (var i = 0; i < _events.Count; i += 3)
        {
            // Overlapping batches from two projectors, as two processes catching up at once.
            (i % 2 == 0 ? first : second).Apply(two, _events.Skip(Math.Max(0, i - 2)).Take(5).ToList());
        }

        var expected = TableDump.Of(oneBatch);
        Assert.Equal(expected, TableDump.Of(oneByOne));
        Assert.Equal(expected, TableDump.Of(two));
        Assert.Contains($"pit_projections: runs | {_events.Count} | {ReadModelSchema.Version}", expected);
    }

    [Fact]
    public void History_rows_name_the_secret_key_never_a_value_and_time_each_attempt()
    {
        using var db = Database();
        new RunProjector().Apply(db, _events);

        var timeline = RunQueries.History(db, new HistoryFilter(RunId: MixedRuns.Retried));
        Assert.Equal(12, timeline.Count);
        Assert.Equal(["run_created", "task_started", "secret_accessed", "task_failed", "task_retry_scheduled", "task_started", "context_set",
            "task_succeeded", "task_started", "task_succeeded", "task_skipped", "run_finished"], timeline.Select(e => e.Event));
        var secret = timeline.Single(e => e.Event == HistoryEntry.Names.SecretAccessed);
        Assert.Equal(("extract", "{\"attempt\":1,\"key\":\"claims_db\",\"found\":true}"), (secret.Task, secret.Fields));
        Assert.Equal("{\"attempt\":1,\"exit_code\":3,\"reason\":\"exit code 3 (attempt 1/2)\",\"duration_seconds\":1}", timeline[3].Fields);
        Assert.Equal("{\"next_attempt\":2,\"delay_seconds\":30}", timeline[4].Fields);
        Assert.Equal("{\"attempt\":2,\"duration_seconds\":2}", timeline[7].Fields);
        Assert.Contains("\"trigger\":\"cron\"", timeline[0].Fields);
        Assert.Equal("{\"state\":\"success\",\"duration_seconds\":36}", timeline[^1].Fields);

        var audit = Assert.Single(RunQueries.SecretAccesses(db));
        Assert.Equal((MixedRuns.Retried, "extract", 1, "claims_db", true), (audit.RunId, audit.Task, audit.Attempt, audit.Key, audit.Found));
        Assert.Equal(3, RunQueries.History(db, new HistoryFilter(Dag: "etl", Task: "load", Since: MixedRuns.T0)).Count);
        Assert.Equal([HistoryEntry.Names.TaskUpstreamFailed],
            RunQueries.History(db, new HistoryFilter(Dag: "etl", Task: "load", Since: MixedRuns.T0.AddMinutes(1))).Select(e => e.Event));
        Assert.Empty(RunQueries.History(db, new HistoryFilter(Dag: "etl", Until: MixedRuns.T0.AddSeconds(-1))));
    }

    /// <summary>Field by field: the rows keep times in UTC, so a time equals the event's as an instant.</summary>
    private static void SameRun(RunSummary expected, RunSummary? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal((expected.RunId, expected.Dag, expected.Trigger, expected.Status, expected.CreatedAt, expected.FinishedAt, expected.Duration, expected.Reason, expected.LogicalTime),
            (actual.RunId, actual.Dag, actual.Trigger, actual.Status, actual.CreatedAt, actual.FinishedAt, actual.Duration, actual.Reason, actual.LogicalTime));
        Assert.Equal(expected.Tasks, actual.Tasks);
        Assert.Equal(expected.Context, actual.Context);
        Assert.Equal(expected.Parameters, actual.Parameters);
    }
}
