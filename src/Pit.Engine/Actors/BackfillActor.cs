using System.Threading.Channels;
using Akka.Actor;
using Akka.Event;
using Pit.Engine.Protocol;
using Pit.Engine.Scheduling;

namespace Pit.Engine.Actors;

/// <summary>
/// One backfill of one DAG: asks the Scheduler for a run (trigger <c>backfill</c>) per occurrence,
/// oldest first, with the occurrence as its logical time, never more than its concurrency at once;
/// follows each run on the event stream (its RunCreated and RunFinished) and asks for the next when
/// one ends. The Scheduler applies the DAG's overlap (a backfill occurrence waits behind another run
/// even with <c>skip</c>) and <c>max_active_runs</c>. Every step is written to a channel as a
/// <see cref="BackfillReports"/> record; the actor stops after <see cref="BackfillReports.Done"/>.
/// Decisions come from <see cref="BackfillState"/>.
/// </summary>
public sealed class BackfillActor : ReceiveActor
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(60);
    private static readonly IReadOnlyDictionary<string, string> NoParameters = new Dictionary<string, string>();

    private readonly IActorRef _scheduler;
    private readonly string _dag;
    private readonly ChannelWriter<object> _reports;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, DateTimeOffset> _createdAt = new(StringComparer.Ordinal);
    private BackfillState _state;

    public BackfillActor(IActorRef scheduler, string dag, IReadOnlyList<DateTimeOffset> occurrences, int concurrency, ChannelWriter<object> reports)
    {
        _scheduler = scheduler;
        _dag = dag;
        _reports = reports;
        _state = BackfillState.Of(occurrences, concurrency);

        Receive<RunEvents.RunCreated>(Created);
        Receive<RunEvents.RunFinished>(Finished);
        Receive<Replied>(Answered);
        Receive<BackfillCommands.Stop>(stop => StopAsking(stop.Reason));
    }

    public static Props Props(IActorRef scheduler, string dag, IReadOnlyList<DateTimeOffset> occurrences, int concurrency, ChannelWriter<object> reports) =>
        Akka.Actor.Props.Create(() => new BackfillActor(scheduler, dag, occurrences, concurrency, reports));

    private sealed record Replied(DateTimeOffset Occurrence, object Reply);

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(RunEvents.RunCreated));
        Context.System.EventStream.Subscribe(Self, typeof(RunEvents.RunFinished));
        AskForDue();
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _reports.TryComplete();
    }

    private void AskForDue()
    {
        var (state, due) = _state.TakeDue();
        _state = state;
        foreach (var occurrence in due)
        {
            _scheduler.Ask<object>(new SchedulerCommands.TriggerRun(_dag, null, TriggerNames.Backfill, NoParameters, occurrence), AskTimeout).PipeTo(Self,
                success: reply => new Replied(occurrence, reply),
                failure: error => new Replied(occurrence, new SchedulerCommands.TriggerRejected(
                    SchedulerCommands.RejectionKind.NotStarted, $"the scheduler did not answer: {error.Message}", [])));
        }
        if (_state.IsDone) End();
    }

    private void Created(RunEvents.RunCreated created)
    {
        if (created.Dag != _dag || created.Trigger != TriggerNames.Backfill || created.LogicalTime is not { } occurrence || !_state.Expects(occurrence)) return;
        _createdAt[created.RunId] = created.At;
        Started(occurrence, created.RunId);
    }

    private void Started(DateTimeOffset occurrence, string runId)
    {
        _state = _state.Created(occurrence, runId);
        _reports.TryWrite(new BackfillReports.RunStarted(occurrence, runId));
    }

    private void Finished(RunEvents.RunFinished finished)
    {
        if (_state.OccurrenceOf(finished.RunId) is not { } occurrence) return;
        _state = _state.Ended(occurrence, finished.Status);
        TimeSpan? took = _createdAt.Remove(finished.RunId, out var created) ? finished.At - created : null;
        _reports.TryWrite(new BackfillReports.RunEnded(occurrence, finished.RunId, finished.Status, finished.Reason, took));
        AskForDue();
    }

    private void Answered(Replied replied)
    {
        switch (replied.Reply)
        {
            // The run's RunCreated normally came first; if not, the run is known from here on.
            case SchedulerCommands.TriggerAccepted accepted when _state.Expects(replied.Occurrence):
                Started(replied.Occurrence, accepted.RunId);
                break;
            case SchedulerCommands.TriggerQueued queued when _state.Expects(replied.Occurrence):
                _reports.TryWrite(new BackfillReports.Queued(replied.Occurrence, queued.Position));
                break;
            case SchedulerCommands.TriggerRejected rejected when _state.Expects(replied.Occurrence):
                _log.Warning("Backfill of {0}: the occurrence {1} got no run: {2}", _dag, BackfillPlan.Text(replied.Occurrence), rejected.Reason);
                _state = _state.Refused(replied.Occurrence);
                _reports.TryWrite(new BackfillReports.NotStarted(replied.Occurrence, rejected.Reason));
                // A service that is stopping starts nothing more: the rest would be refused the same way.
                if (rejected.Kind == SchedulerCommands.RejectionKind.ShuttingDown) StopAsking(rejected.Reason);
                else AskForDue();
                break;
        }
    }

    private void StopAsking(string reason)
    {
        var (state, dropped) = _state.Stop();
        _state = state;
        foreach (var occurrence in dropped) _reports.TryWrite(new BackfillReports.NotStarted(occurrence, reason));
        if (_state.IsDone) End();
    }

    private void End()
    {
        _reports.TryWrite(_state.Summary);
        _reports.TryComplete();
        Context.Stop(Self);
    }
}
