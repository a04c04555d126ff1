using Akka.Actor;
using Pit.Engine.Persistence;
using Pit.Engine.Persistence.ReadModels;
using Pit.Engine.Protocol;

namespace Pit.Engine.Tests.Persistence.ReadModels;

/// <summary>The read models caught up from the real journal (SQLite file, written through Akka.Persistence), rebuilt, and shared by two readers.</summary>
public sealed class RunReadModelSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Patience = RunHistoryReaderSpecs.Patience;

    private readonly TempFolder _folder = new();
    private PersistenceHost _host = null!;

    public async Task InitializeAsync() => _host = await PersistenceHost.StartAsync(_folder.Db);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    /// <summary>The runs written in steps, the read model caught up between them: part of each run, then the rest.</summary>
    private async Task<RunReadModel> WriteInStepsCatchingUp()
    {
        var model = RunReadModel.Open(_folder.Db);
        foreach (var run in MixedRuns.Runs())
        {
            await _host.WriteAsync(run.Take(run.Count / 2).ToList());
            model.CatchUp();
        }
        foreach (var run in MixedRuns.Runs())
        {
            if (run.Count / 2 == run.Count) continue;
            await _host.WriteAsync(run.Skip(run.Count / 2).ToList());
            model.CatchUp();
        }
        return model;
    }

    [Fact]
    public async Task A_catch_up_projects_what_the_journal_holds_then_only_what_is_new()
    {
        var model = RunReadModel.Open(_folder.Db);
        Assert.Equal(0, model.CatchUp());

        var runs = MixedRuns.Runs();
        await _host.WriteAsync(runs[0]);
        await _host.WriteAsync(runs[1]);
        Assert.Equal(runs[0].Count + runs[1].Count, model.CatchUp());
        Assert.Equal(0, model.CatchUp());
        await _host.WriteAsync(runs[2]);

        var cancelled = await model.GetAsync(MixedRuns.Cancelled);
        Assert.Equal(RunStatus.Cancelled, cancelled?.Status);
        Assert.Equal(RunStatus.Succeeded, (await model.GetAsync(MixedRuns.Retried))?.Status);
        Assert.Null(await model.GetAsync(MixedRuns.Running));
    }

    [Fact]
    public async Task A_rebuild_from_offset_0_equals_the_incrementally_maintained_models()
    {
        var model = await WriteInStepsCatchingUp();
        using var db = model.Connect();
        var incremental = TableDump.Of(db);
        Assert.Equal(4, TableDump.Rows(db, "pit_runs").Count);
        Assert.Single(TableDump.Rows(db, "pit_audit"));

        var rebuilt = model.Rebuild();

        Assert.Equal(MixedRuns.Interleaved().Count, rebuilt.Events);
        Assert.Equal(incremental, TableDump.Of(db));
        // Another process's read model on the same file finds everything projected.
        Assert.Equal(0, RunReadModel.Open(_folder.Db).CatchUp());
    }

    [Fact]
    public async Task Two_readers_catching_up_at_once_leave_the_same_rows_as_one()
    {
        foreach (var run in MixedRuns.Runs()) await _host.WriteAsync(run);
        var (first, second) = (RunReadModel.Open(_folder.Db), RunReadModel.Open(_folder.Db));

        var counts = await Task.WhenAll(Task.Run(() => first.CatchUp()), Task.Run(() => second.CatchUp()));

        Assert.Equal(MixedRuns.Interleaved().Count, counts.Sum());
        using var db = first.Connect();
        var together = TableDump.Of(db);
        first.Rebuild();
        Assert.Equal(together, TableDump.Of(db));
    }

    [Fact]
    public async Task Events_delivered_after_a_rebuild_moved_the_offset_back_never_pass_over_the_ones_before_them()
    {
        foreach (var run in MixedRuns.Runs()) await _host.WriteAsync(run);
        var live = RunReadModel.Open(_folder.Db);
        live.CatchUp();
        using var db = live.Connect();
        var expected = TableDump.Of(db);
        var last = live.StoredOffset();
        using (var reset = db.CreateCommand())
        {
            // As another process's rebuild leaves it between its drop and its catch-up.
            reset.CommandText = "DELETE FROM pit_runs; DELETE FROM pit_task_instances; DELETE FROM pit_history; DELETE FROM pit_audit; UPDATE pit_projections SET last_offset = 0;";
            reset.ExecuteNonQuery();
        }
        await _host.WriteAsync([new RunEvents.TaskSucceeded(MixedRuns.Running, "render", 1, MixedRuns.T0.AddHours(1))]);

        // The live stream delivers only the new event; the read model reads the rest from the journal.
        var applied = live.Apply([new JournalEvent(last + 1, new RunEvents.TaskSucceeded(MixedRuns.Running, "render", 1, MixedRuns.T0.AddHours(1)))]);

        Assert.Equal(MixedRuns.Interleaved().Count + 1, applied.Events);
        Assert.Equal(expected.Count(r => r.StartsWith("pit_history", StringComparison.Ordinal)) + 1, TableDump.Rows(db, "pit_history").Count);
        Assert.Equal(Protocol.TaskStatus.Success, RunQueries.Get(db, MixedRuns.Running)!.Task("render")!.Status);
    }

    [Fact]
    public async Task Tables_of_another_version_are_dropped_and_rebuilt_from_the_journal()
    {
        foreach (var run in MixedRuns.Runs()) await _host.WriteAsync(run);
        var model = RunReadModel.Open(_folder.Db);
        model.CatchUp();
        using var db = model.Connect();
        var current = TableDump.Of(db);
        using (var command = db.CreateCommand())
        {
            command.CommandText = "UPDATE pit_projections SET version = version - 1; DELETE FROM pit_runs;";
            command.ExecuteNonQuery();
        }

        var reopened = RunReadModel.Open(_folder.Db);

        Assert.Equal(0, reopened.StoredOffset());
        Assert.Equal(MixedRuns.Interleaved().Count, reopened.CatchUp());
        Assert.Equal(current, TableDump.Of(db));
    }
}
