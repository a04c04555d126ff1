using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Pit.Engine.Runners;

namespace Pit.Engine.Streams;

/// <summary>
/// A run's live output: every task publishes its lines to <see cref="Sink"/> (a MergeHub), and any
/// number of viewers (<c>--verbose</c>, <c>pit logs -f</c>, the API) <see cref="Subscribe"/> to the
/// BroadcastHub behind it. The hub is always drained, so nobody watching costs nothing; each viewer
/// has its own buffer that drops its oldest lines when the viewer is slow, so a viewer never stalls a task.
/// Viewers see lines published after they subscribed. <see cref="Complete"/> ends every subscription.
/// </summary>
public sealed class LiveLog : IDisposable
{
    private readonly Source<TaskLogLine, NotUsed> _hub;
    private readonly UniqueKillSwitch _killSwitch;

    public LiveLog(IMaterializer materializer, int hubBufferSize = 256)
    {
        var ((sink, killSwitch), hub) = MergeHub.Source<TaskLogLine>(perProducerBufferSize: 16)
            .ViaMaterialized(KillSwitches.Single<TaskLogLine>(), Keep.Both)
            .ToMaterialized(BroadcastHub.Sink<TaskLogLine>(hubBufferSize), Keep.Both)
            .Run(materializer);
        hub.RunWith(Akka.Streams.Dsl.Sink.Ignore<TaskLogLine>(), materializer);
        Sink = sink;
        _killSwitch = killSwitch;
        _hub = hub;
    }

    /// <summary>Where producers publish; materialize it once per producer.</summary>
    public Sink<TaskLogLine, NotUsed> Sink { get; }

    /// <summary>The lines from now on; a viewer that falls more than <paramref name="buffer"/> lines behind loses the oldest.</summary>
    public Source<TaskLogLine, NotUsed> Subscribe(int buffer = 1024) =>
        _hub.Buffer(buffer, OverflowStrategy.DropHead).Async();

    /// <summary>Ends the live log: subscribers complete, later lines are dropped.</summary>
    public void Complete() => _killSwitch.Shutdown();

    public void Dispose() => Complete();
}
