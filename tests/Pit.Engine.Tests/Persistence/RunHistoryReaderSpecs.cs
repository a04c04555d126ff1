using Akka.Actor;
using Akka.TestKit;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;
using static Pit.Engine.Tests.Persistence.SampleEvents;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Tests.Persistence;

/// <summary>Run events through the real journal (SQLite file) and back through Persistence Query.</summary>
public sealed class RunHistoryReaderSpecs : IAsyncLifetime
{
    // A deadline for liveness on a busy machine (two systems contend for one SQLite file), not a timing assertion.
    internal static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private const string A1 = "20250314_093000.000_alpha";
    private const string A2 = "20250314_093100.000_alpha";
    private const string B1 = "20250314_093005.000_beta_etl";
    private const string B2 = "20250314_093200.000_beta_etl";

    private readonly TempFolder _folder = new();
    private PersistenceHost _host = null!;

    public async Task InitializeAsync() => _host = await PersistenceHost.StartAsync(_folder.Db);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Runs_persisted_by_an_actor_are_read_back_folded()
    {
        await WriteTwoRunsOfTwoDags(_host);

        var history = await LoadWhen(_host, new RunHistoryReader(_host.System), h => h.Count == 4);

        var a1 = history.Get(A1)!;
        Assert.Equal((RunStatus.Succeeded, TimeSpan.FromSeconds(4)), (a1.Status, a1.Duration!.Value));
        Assert.All(a1.Tasks, t => Assert.Equal((TaskStatus.Success, 1), (t.Status, t.Attempts)));
        var a2 = history.Get(A2)!;
        Assert.Equal((RunStatus.Failed, TimeSpan.FromSeconds(6)), (a2.Status, a2.Duration!.Value));
        Assert.Equal((TaskStatus.Failed, 2, 2), (a2.Task("extract")!.Status, a2.Task("extract")!.Attempts, a2.Task("extract")!.ExitCode));
        Assert.Equal(TaskStatus.UpstreamFailed, a2.Task("load")!.Status);
        Assert.Equal(("beta_etl", RunStatus.Succeeded), (history.Get(B1)!.Dag, history.Get(B1)!.Status));
        var b2 = history.Get(B2)!;
        Assert.Equal((RunStatus.Running, TaskStatus.Running, TaskStatus.Pending), (b2.Status, b2.Task("extract")!.Status, b2.Task("load")!.Status));
    }

    [Fact]
    public async Task A_dag_filter_reads_only_that_dags_runs()
    {
        await WriteTwoRunsOfTwoDags(_host);
        var reader = new RunHistoryReader(_host.System);
        await LoadWhen(_host, reader, h => h.Count == 4);

        var beta = await reader.LoadAsync("beta_etl");
        Assert.Equal([B2, B1], beta.All().Select(r => r.RunId));
        Assert.Equal([A2, A1], (await reader.ListAsync("alpha")).Select(r => r.RunId));
        Assert.Equal(A2, (await reader.LatestAsync("alpha"))!.RunId);
        Assert.Null(await reader.LatestAsync("gamma"));
        Assert.Empty(await reader.ListAsync("alpha_")); // a prefix of a dag name is another dag

        var summaries = await reader.SummariesAsync();
        Assert.Equal(["alpha", "beta_etl"], summaries.Select(s => s.Dag));
        var alpha = summaries[0];
        Assert.Equal((A2, RunStatus.Failed, 2, 1, 1), (alpha.LastRun.RunId, alpha.LastRun.Status, alpha.Runs, alpha.RecentSucceeded, alpha.RecentFailed));
        var beta2 = Assert.Single(await reader.SummariesAsync("beta_etl"));
        Assert.Equal((RunStatus.Running, 2, 1), (beta2.LastRun.Status, beta2.Runs, beta2.Recent));
    }

    [Fact]
    public async Task One_run_is_read_by_its_persistence_id()
    {
        await WriteTwoRunsOfTwoDags(_host);
        var reader = new RunHistoryReader(_host.System);

        var a2 = await reader.GetAsync(A2);

        Assert.Equal((A2, "alpha", RunStatus.Failed), (a2!.RunId, a2.Dag, a2.Status));
        Assert.Null(await reader.GetAsync("20250314_093000.000_nope"));
    }

    [Fact]
    public async Task A_second_actor_system_on_the_same_file_reads_the_runs()
    {
        await WriteTwoRunsOfTwoDags(_host);
        await _host.DisposeAsync();

        _host = await PersistenceHost.StartAsync(_folder.Db, "pit-second");
        var history = await LoadWhen(_host, new RunHistoryReader(_host.System), h => h.Count == 4);

        Assert.Equal(RunStatus.Failed, history.Get(A2)!.Status);
        var probe = _host.Probe();
        var again = _host.System.ActorOf(RunWriterActor.Props(A2));
        again.Tell(new RunWriterActor.GetRecovered(), probe);
        var recovered = probe.ExpectMsg<List<IPitEvent>>(Patience);
        Assert.Equal(FailedRun(A2, "alpha", T0.AddMinutes(1)).Select(e => e.GetType()), recovered.Select(e => e.GetType()));
        Assert.Equal(FailedRun(A2, "alpha", T0.AddMinutes(1))[^1], recovered[^1]);
    }

    [Fact]
    public async Task Many_events_persisted_in_batches_are_all_stored_in_order()
    {
        const string runId = "20250314_100000.000_wide";
        var tasks = Enumerable.Range(0, 500).Select(i => $"t{i:000}").ToList();
        var created = new RunEvents.RunCreated(runId, "wide", "manual", "h", tasks.Select(t => new RunEvents.PlannedTask(t, [])).ToList(), T0);
        var started = tasks.Select(t => (IPitEvent)new RunEvents.TaskStarted(runId, t, 1, null, T0.AddSeconds(1))).ToList();
        var succeeded = tasks.Select(t => (IPitEvent)new RunEvents.TaskSucceeded(runId, t, 1, T0.AddSeconds(2))).ToList();
        var probe = _host.Probe();
        var writer = _host.System.ActorOf(RunWriterActor.Props(runId));

        writer.Tell(new RunWriterActor.Write([created, .. started], RunWriterActor.Mode.PersistAll), probe);
        probe.ExpectMsg<RunWriterActor.Written>(Patience);
        foreach (var batch in succeeded.Chunk(50))
            writer.Tell(new RunWriterActor.Write(batch, RunWriterActor.Mode.PersistAllAsync), probe);
        writer.Tell(new RunWriterActor.Write([new RunEvents.RunFinished(runId, RunStatus.Succeeded, null, T0.AddSeconds(3))]), probe);
        var written = probe.ReceiveN(11, Patience).Cast<RunWriterActor.Written>().ToList();

        Assert.Equal(1002, written[^1].LastSequenceNr);
        var run = (await new RunHistoryReader(_host.System).GetAsync(runId))!;
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(tasks, run.Tasks.Select(t => t.Name));
        Assert.All(run.Tasks, t => Assert.Equal(TaskStatus.Success, t.Status));
        var byTag = await LoadWhen(_host, new RunHistoryReader(_host.System), h => h.Get(runId)?.Status == RunStatus.Succeeded, "wide");
        Assert.All(byTag.Get(runId)!.Tasks, t => Assert.Equal(TaskStatus.Success, t.Status));
    }

    /// <summary>Alpha: one succeeded, one failed run. Beta: one succeeded, one still running.</summary>
    internal static async Task WriteTwoRunsOfTwoDags(PersistenceHost host)
    {
        var probe = host.Probe();
        Write(host, probe, A1, SucceededRun(A1, "alpha", T0));
        Write(host, probe, B1, SucceededRun(B1, "beta_etl", T0.AddSeconds(5)));
        Write(host, probe, A2, FailedRun(A2, "alpha", T0.AddMinutes(1)));
        Write(host, probe, B2, SucceededRun(B2, "beta_etl", T0.AddMinutes(2)).Take(2).ToList());
        await Task.CompletedTask;
    }

    private static void Write(PersistenceHost host, TestProbe probe, string runId, IReadOnlyList<IPitEvent> events)
    {
        var writer = host.System.ActorOf(RunWriterActor.Props(runId));
        writer.Tell(new RunWriterActor.Write(events), probe);
        probe.ExpectMsg<RunWriterActor.Written>(Patience);
    }

    /// <summary>Loads until <paramref name="ready"/> holds: a "current" query returns what the journal has indexed so far.</summary>
    internal static async Task<RunHistory> LoadWhen(
        PersistenceHost host, RunHistoryReader reader, Func<RunHistory, bool> ready, string? dag = null)
    {
        RunHistory history = new();
        await host.Probe().AwaitAssertAsync(async () =>
        {
            history = await reader.LoadAsync(dag);
            Assert.True(ready(history), $"the history is not ready yet ({history.Count} runs)");
        }, Patience, TimeSpan.FromMilliseconds(100));
        return history;
    }
}
