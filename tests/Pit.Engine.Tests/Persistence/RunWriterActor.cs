using Akka.Actor;
using Akka.Persistence;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;

namespace Pit.Engine.Tests.Persistence;

/// <summary>A stand-in for the DagRun: persists the events it is given under <c>run-&lt;runId&gt;</c>.</summary>
internal sealed class RunWriterActor : ReceivePersistentActor
{
    public enum Mode { PersistAll, PersistAllAsync }

    public sealed record Write(IReadOnlyList<IPitEvent> Events, Mode How = Mode.PersistAll);

    public sealed record Written(string PersistenceId, long LastSequenceNr);

    public sealed record GetRecovered;

    private readonly List<IPitEvent> _recovered = [];

    public RunWriterActor(string runId)
    {
        PersistenceId = RunIds.PersistenceIdOf(runId);
        Recover<IPitEvent>(_recovered.Add);
        Command<GetRecovered>(_ => Sender.Tell(_recovered.ToList()));
        Command<Write>(write =>
        {
            var replyTo = Sender;
            switch (write.How)
            {
                case Mode.PersistAll:
                    PersistAll(write.Events, _ => { });
                    break;
                case Mode.PersistAllAsync:
                    PersistAllAsync(write.Events, _ => { });
                    break;
            }
            DeferAsync(write, _ => replyTo.Tell(new Written(PersistenceId, LastSequenceNr)));
        });
    }

    public override string PersistenceId { get; }

    public static Props Props(string runId) => Akka.Actor.Props.Create(() => new RunWriterActor(runId));
}
