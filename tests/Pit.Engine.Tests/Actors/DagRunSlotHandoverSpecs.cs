using System.Collections.Immutable;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.TestKit;
using Pit.Engine.Actors;
using Pit.Engine.Protocol;

namespace Pit.Engine.Tests.Actors;

/// <summary>
/// A task whose attempt has ended gives its slot to another ready task at once, while its outcome is
/// still being written; its dependents wait for the journal (here, a journal that holds that write).
/// </summary>
public sealed class DagRunSlotHandoverSpecs : Akka.TestKit.Xunit2.TestKit, IDisposable
{
    private const string Config = """
        akka.loglevel = WARNING
        akka.persistence.journal.plugin = "pit.gated-journal"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        pit.gated-journal.class = "Pit.Engine.Tests.Actors.DagRunSlotHandoverSpecs+GatedJournal, Pit.Engine.Tests"
        """;

    private readonly RunFixture _fixture = new(RunFixture.Toml("max_active_tasks = 1",
        "name = \"first\"", "name = \"other\"", "name = \"after_first\"; depends_on = [\"first\"]"));

    public DagRunSlotHandoverSpecs() : base(Config)
    {
    }

    [Fact]
    public void An_independent_task_takes_the_slot_while_the_outcome_is_written_and_a_dependent_waits_for_it()
    {
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(IPitEvent));
        var executor = new FakeExecutor();
        const string runId = "20261125_100000.000_demo";
        Sys.ActorOf(DagRunActor.Props(runId, _fixture.Environment(executor)), runId).Tell(_fixture.Start(runId), TestActor);
        ExpectMsg<DagRunCommands.RunStarted>();

        events.FishForMessage<RunEvents.RunCreated>(_ => true);
        // first has ended and the journal holds its outcome: other runs (and ends) in its slot meanwhile,
        // and after_first, with the slot free again, still waits for first's outcome.
        AwaitAssert(() => Assert.Equal(["first", "other"], executor.Started));
        events.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(["first", "other"], executor.Started);

        GatedJournal.Open.SetResult();
        events.FishForMessage<RunEvents.TaskSucceeded>(e => e.Task == "first");
        Assert.Equal(RunStatus.Succeeded, events.FishForMessage<RunEvents.RunFinished>(_ => true, TimeSpan.FromSeconds(10)).Status);
        Assert.Equal(["first", "other", "after_first"], executor.Started);
    }

    protected override void Dispose(bool disposing)
    {
        _fixture.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>The in-memory journal, holding the write of first's success until <see cref="Open"/>.</summary>
    public sealed class GatedJournal : MemoryJournal
    {
        public static readonly TaskCompletionSource Open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
        {
            var writes = messages.ToList();
            if (writes.Any(w => ((IImmutableList<IPersistentRepresentation>)w.Payload).Any(p => p.Payload is RunEvents.TaskSucceeded { Task: "first" })))
                await Open.Task;
            return await base.WriteMessagesAsync(writes, cancellationToken);
        }
    }
}
