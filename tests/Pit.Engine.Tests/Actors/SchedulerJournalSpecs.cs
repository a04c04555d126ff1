using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.TestKit;
using Pit.Engine.Actors;
using Pit.Engine.Protocol;
using Pit.Engine.Scheduling;

namespace Pit.Engine.Tests.Actors;

/// <summary>
/// <c>pit run</c>'s Scheduler remembers nothing, so it does not wait for the database: its first
/// trigger is decided while the journal is still opening (here, a journal that never answers).
/// </summary>
public sealed class SchedulerJournalSpecs() : Akka.TestKit.Xunit2.TestKit(Config)
{
    private const string Config = """
        akka.persistence.journal.plugin = "pit.silent-journal"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        pit.silent-journal.class = "Pit.Engine.Tests.Actors.SchedulerJournalSpecs+SilentJournal, Pit.Engine.Tests"
        """;

    private const string Root = "/tmp/pit-scheduler-journal-specs";

    [Fact]
    public void A_scheduler_that_remembers_nothing_starts_a_run_while_the_journal_does_not_answer()
    {
        var runs = CreateTestProbe();
        var catalog = Sys.ActorOf(ProjectCatalogActor.Props(ClaimsWorkspace.Of(Root)));
        var scheduler = Sys.ActorOf(SchedulerActor.Props(catalog, runs.Ref, SchedulerOptions.RunOnly));

        scheduler.Tell(new SchedulerCommands.TriggerRun("claims", null, "manual", new Dictionary<string, string>()));

        var start = runs.ExpectMsg<DagRunCommands.StartRun>(TimeSpan.FromSeconds(10));
        Assert.Equal("claims", start.Dag.Name);
    }

    /// <summary>A journal that never completes a read or a write, like one still opening its database.</summary>
    public sealed class SilentJournal : AsyncWriteJournal
    {
        private static readonly TaskCompletionSource Never = new();

        public override Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<IPersistentRepresentation> recoveryCallback) => Never.Task;

        public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
        {
            await Never.Task;
            return 0;
        }

        protected override async Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
        {
            await Never.Task;
            return ImmutableList<Exception?>.Empty;
        }

        protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) => Never.Task;
    }
}
