using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Pit.Engine.Protocol;

namespace Pit.Engine.Persistence;

/// <summary>
/// Loads <see cref="RunHistory"/> from the journal through Persistence Query (the SQL read journal):
/// all runs by tag <c>run</c>, one DAG's by tag <c>dag:&lt;name&gt;</c>, one run by its persistenceId.
/// Each call reads what is in the journal now (the "current" queries) and completes. The readers of
/// many runs use the read models (<see cref="ReadModels.RunReadModel"/>) instead; this stays for one
/// run's own events (<c>run events</c>, the Notifier) and as the fold the read models are checked against.
/// </summary>
public sealed class RunHistoryReader : IRunLookup
{
    private readonly SqlReadJournal _journal;
    private readonly IMaterializer _materializer;

    public RunHistoryReader(ActorSystem system)
    {
        _journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        _materializer = system.Materializer();
    }

    /// <summary>Every run, or only <paramref name="dag"/>'s runs.</summary>
    public Task<RunHistory> LoadAsync(string? dag = null, CancellationToken cancellationToken = default)
    {
        var tag = dag is null ? RunEventTagger.RunTag : RunEventTagger.DagTag(dag);
        return FoldAsync(_journal.CurrentEventsByTag(tag, Offset.NoOffset()), cancellationToken);
    }

    /// <summary>One run by id (with the runs that rerun it), or null when the journal has no such run.</summary>
    public async Task<RunSummary?> GetAsync(string runId, CancellationToken cancellationToken = default)
    {
        var source = _journal.CurrentEventsByPersistenceId(RunIds.PersistenceIdOf(runId), 0L, long.MaxValue)
            .Concat(_journal.CurrentEventsByTag(RunEventTagger.RerunTag(runId), Offset.NoOffset()));
        return (await FoldAsync(source, cancellationToken)).Get(runId);
    }

    /// <summary>Every event of one run as the journal holds it now, oldest first; none for a run it does not hold.</summary>
    public IAsyncEnumerable<EventEnvelope> EventsOf(string runId) =>
        _journal.CurrentEventsByPersistenceId(RunIds.PersistenceIdOf(runId), 0L, long.MaxValue).RunAsAsyncEnumerable(_materializer);

    /// <summary>The latest run of <paramref name="dag"/>, or null when it never ran.</summary>
    public async Task<RunSummary?> LatestAsync(string dag, CancellationToken cancellationToken = default) =>
        (await LoadAsync(dag, cancellationToken)).LatestOf(dag);

    /// <summary>The runs of <paramref name="dag"/>, newest first.</summary>
    public async Task<IReadOnlyList<RunSummary>> ListAsync(string dag, CancellationToken cancellationToken = default) =>
        (await LoadAsync(dag, cancellationToken)).RunsOf(dag);

    /// <summary>Each DAG at a glance (only <paramref name="dag"/> when given), by name.</summary>
    public async Task<IReadOnlyList<DagSummary>> SummariesAsync(
        string? dag = null, int recent = RunHistory.DefaultRecent, CancellationToken cancellationToken = default)
    {
        var history = await LoadAsync(dag, cancellationToken);
        return history.Summaries(recent);
    }

    /// <summary>Every secret lookup through the SDK socket (tag <c>secret-access</c>), oldest first.</summary>
    public async Task<IReadOnlyList<RunEvents.SecretAccessed>> SecretAccessesAsync(CancellationToken cancellationToken = default)
    {
        var accesses = await _journal.CurrentEventsByTag(RunEventTagger.SecretAccessTag, Offset.NoOffset())
            .Where(e => e.Event is RunEvents.SecretAccessed)
            .Select(e => (RunEvents.SecretAccessed)e.Event)
            .RunWith(Sink.Seq<RunEvents.SecretAccessed>(), _materializer)
            .WaitAsync(cancellationToken);
        return accesses;
    }

    private async Task<RunHistory> FoldAsync(Source<EventEnvelope, Akka.NotUsed> events, CancellationToken cancellationToken)
    {
        var history = new RunHistory();
        var (killSwitch, done) = events
            .ViaMaterialized(KillSwitches.Single<EventEnvelope>(), Keep.Right)
            .ToMaterialized(Sink.ForEach<EventEnvelope>(e =>
            {
                if (e.Event is IPitEvent evt)
                    history.Apply(evt);
            }), Keep.Both)
            .Run(_materializer);
        await using (cancellationToken.Register(() => killSwitch.Abort(new OperationCanceledException(cancellationToken))))
            await done;
        return history;
    }
}
