using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Pit.Core.Dags;
using Pit.Engine.Actors;
using Pit.Engine.Protocol;
using Pit.Engine.Scheduling;

namespace Pit.Engine.Tests.Actors;

/// <summary>
/// The service's Scheduler when the journal fails to write one of its events (as when the database
/// stays locked past the journal's timeout): the trigger waiting for that event is refused with the
/// reason, and the scheduler, which Akka stops, is started again and answers the next triggers.
/// </summary>
public sealed class SchedulerWriteFailureSpecs() : Akka.TestKit.Xunit2.TestKit(Config)
{
    private const string Config = """
        akka.persistence.journal.plugin = "pit.failing-journal"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        pit.failing-journal.class = "Pit.Engine.Tests.Actors.SchedulerWriteFailureSpecs+FailingJournal, Pit.Engine.Tests"
        """;

    private const string Root = "/tmp/pit-scheduler-write-failure-specs";
    private static readonly IReadOnlyDictionary<string, string> NoParameters = new Dictionary<string, string>();

    /// <summary>Persistent, as in the service, without reading the run history these specs do not have.</summary>
    private static readonly SchedulerOptions Options =
        SchedulerOptions.Service with { FireSchedules = false, ResumeUnfinished = false, CheckRequirements = false, PreciseTimers = false };

    [Fact]
    public void A_queued_trigger_whose_event_is_not_written_is_refused_with_the_reason_and_the_scheduler_answers_again()
    {
        var runs = CreateTestProbe();
        var catalog = Sys.ActorOf(ProjectCatalogActor.Props(ClaimsWorkspace.Of(Root, OverlapPolicy.Queue)));
        var scheduler = Sys.ActorOf(SchedulerActor.Supervised(SchedulerActor.Props(catalog, runs.Ref, Options)));

        scheduler.Tell(new SchedulerCommands.TriggerRun("claims", null, "manual", NoParameters));
        var active = runs.ExpectMsg<DagRunCommands.StartRun>();
        runs.Reply(new DagRunCommands.RunStarted(active.RunId));
        ExpectMsg<SchedulerCommands.TriggerAccepted>();

        // The active run makes this one wait in line, which is answered only once its event is stored.
        scheduler.Tell(new SchedulerCommands.TriggerRun("claims", null, "api", NoParameters));
        var refused = ExpectMsg<SchedulerCommands.TriggerRejected>();

        Assert.Equal(SchedulerCommands.RejectionKind.NotStarted, refused.Kind);
        Assert.Equal($"the trigger of claims could not be queued: the run history did not store it ({FailingJournal.Failure})", refused.Reason);
        // Started again, from a journal without the lost event: it answers, and starts what is triggered.
        AwaitAssert(() =>
        {
            scheduler.Tell(new SchedulerQueries.GetDags());
            Assert.Equal(0, ExpectMsg<SchedulerQueries.DagSchedules>(TimeSpan.FromMilliseconds(300)).Dags.Single().Queued);
        }, TimeSpan.FromSeconds(10));
        scheduler.Tell(new SchedulerCommands.TriggerRun("claims", null, "manual", NoParameters));
        var next = runs.ExpectMsg<DagRunCommands.StartRun>();
        runs.Reply(new DagRunCommands.RunStarted(next.RunId));
        Assert.Equal(next.RunId, ExpectMsg<SchedulerCommands.TriggerAccepted>().RunId);
    }

    /// <summary>An in-memory journal that fails the first write of a queued trigger, as a locked database does.</summary>
    public sealed class FailingJournal : MemoryJournal
    {
        public const string Failure = "database is locked";

        private bool _failed;

        protected override Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
        {
            var writes = messages.ToList();
            var queued = writes.SelectMany(w => (IEnumerable<IPersistentRepresentation>)w.Payload).Any(p => p.Payload is SchedulerEvents.TriggerQueued);
            if (queued && !_failed)
            {
                _failed = true;
                return Task.FromException<IImmutableList<Exception?>>(new InvalidOperationException(Failure));
            }
            return base.WriteMessagesAsync(writes, cancellationToken);
        }
    }
}
