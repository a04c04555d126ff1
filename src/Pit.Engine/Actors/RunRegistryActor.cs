using Akka.Actor;
using Pit.Engine.Protocol;
using Pit.Engine.Runs;

namespace Pit.Engine.Actors;

/// <summary>
/// Parent of the DagRuns: creates one per run id and routes <see cref="IWithRunId"/> messages to
/// it. In cluster mode a shard region takes this place, with the same run-id addressing.
/// </summary>
public sealed class RunRegistryActor : ReceiveActor
{
    public RunRegistryActor(RunEnvironment environment)
    {
        Receive<DagRunCommands.StartRun>(start =>
        {
            var run = Context.Child(start.RunId);
            if (run.IsNobody()) run = Context.ActorOf(DagRunActor.Props(start.RunId, environment), start.RunId);
            run.Forward(start);
        });
        Receive<DagRunCommands.ResumeRun>(resume =>
        {
            var run = Context.Child(resume.RunId);
            if (run.IsNobody()) run = Context.ActorOf(DagRunActor.Props(resume.RunId, environment), resume.RunId);
            run.Forward(resume);
        });
        Receive<IWithRunId>(message =>
        {
            var run = Context.Child(message.RunId);
            if (run.IsNobody()) Sender.Tell(new DagRunCommands.RunNotFound(message.RunId));
            else run.Forward(message);
        });
    }

    public static Props Props(RunEnvironment environment) => Akka.Actor.Props.Create(() => new RunRegistryActor(environment));

    /// <summary>A crashed DagRun restarts and recovers from its journal.</summary>
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(maxNrOfRetries: 10, withinTimeRange: TimeSpan.FromMinutes(1), localOnlyDecider: _ => Directive.Restart);
}
