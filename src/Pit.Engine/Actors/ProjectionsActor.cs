using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Pit.Engine.Persistence;
using Pit.Engine.Persistence.ReadModels;
using Pit.Engine.Protocol;

namespace Pit.Engine.Actors;

/// <summary>
/// <c>/user/pit/projections</c> in <c>pit serve</c>: keeps the read models (<see cref="RunReadModel"/>)
/// up to date as runs go. It first catches up from the stored offset, then follows the live tag
/// stream (Persistence Query <c>EventsByTag("run", Offset.Sequence(offset))</c>), projecting the
/// events it delivers in small batches; a failed stream starts again (with a back-off) from the
/// stored offset. Readers in the process catch up before they read anyway, so nothing waits for it.
/// </summary>
public sealed class ProjectionsActor : ReceiveActor
{
    /// <summary>Events gathered into one transaction, at most this many or for this long.</summary>
    private const int BatchMax = 1000;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(20);

    private readonly RunReadModel _model;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private UniqueKillSwitch? _stream;

    public ProjectionsActor(RunReadModel model)
    {
        _model = model;
        Receive<CaughtUp>(caught => Follow(caught.Offset));
        Receive<Status.Failure>(failed =>
        {
            _log.Error("Projections: could not catch the read models up from the journal ({0}); following the journal from the stored offset",
                failed.Cause.GetBaseException().Message);
            Follow(null);
        });
        Receive<GetOffset>(_ => Sender.Tell(new Offset(_model.StoredOffset())));
    }

    public static Props Props(RunReadModel model) => Akka.Actor.Props.Create(() => new ProjectionsActor(model));

    /// <summary>Asks for the offset the read models are projected to; answered with <see cref="Offset"/>.</summary>
    public sealed record GetOffset;

    public sealed record Offset(long Value);

    private sealed record CaughtUp(long Offset);

    protected override void PreStart()
    {
        var model = _model;
        Task.Run(() =>
        {
            model.CatchUp();
            return new CaughtUp(model.StoredOffset());
        }).PipeTo(Self);
    }

    protected override void PostStop() => _stream?.Shutdown();

    private void Follow(long? from)
    {
        if (_stream is not null) return;
        var model = _model;
        var log = _log;
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var start = from;
        var events = RestartSource.OnFailuresWithBackoff(() =>
        {
            // The first time from where the catch-up ended, after a failure from the stored offset.
            var offset = start ?? model.StoredOffset();
            start = null;
            return journal.EventsByTag(RunEventTagger.RunTag, Akka.Persistence.Query.Offset.Sequence(offset));
        }, RestartSettings.Create(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2));
        _stream = events
            .Where(envelope => envelope.Event is IPitEvent && envelope.Offset is Sequence)
            .Select(envelope => new JournalEvent(((Sequence)envelope.Offset).Value, (IPitEvent)envelope.Event))
            .GroupedWithin(BatchMax, BatchWindow)
            .SelectAsync(1, batch => Task.Run(() =>
            {
                try
                {
                    model.Apply(batch.ToList());
                }
                catch (Exception e)
                {
                    // The next catch-up (any reader's, or the next batch's) projects these events again.
                    log.Error("Projections: could not project {0} event(s) into the read models: {1}", batch.Count(), e.GetBaseException().Message);
                }
                return NotUsed.Instance;
            }))
            .ViaMaterialized(KillSwitches.Single<NotUsed>(), Keep.Right)
            .To(Sink.Ignore<NotUsed>())
            .Run(Context.System.Materializer());
    }
}
