using System.Threading.Channels;
using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Pit.Engine.Runners;

namespace Pit.Engine.Streams;

/// <summary>
/// A run's live output: every task <see cref="Publish"/>es its lines into one bounded channel that
/// drops its oldest lines rather than wait, and any number of viewers (<c>--verbose</c>,
/// <c>pit logs -f</c>, the API) <see cref="Subscribe"/> to the BroadcastHub it feeds. The hub is
/// always drained, so nobody watching costs nothing; each viewer has its own buffer that drops its
/// oldest lines when the viewer is slow, so a viewer never stalls a task. Viewers see lines
/// published after they subscribed. <see cref="Complete"/> ends every subscription.
/// </summary>
public sealed class LiveLog : IDisposable
{
    /// <summary>Lines published and not yet taken by the hub, beyond which the oldest are dropped.</summary>
    public const int Capacity = 256;

    private readonly Channel<TaskLogLine> _lines = Channel.CreateBounded<TaskLogLine>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Source<TaskLogLine, NotUsed> _hub;
    private readonly UniqueKillSwitch _killSwitch;

    public LiveLog(IMaterializer materializer, int hubBufferSize = 256)
    {
        var (killSwitch, hub) = ChannelSource.FromReader(_lines.Reader)
            .ViaMaterialized(KillSwitches.Single<TaskLogLine>(), Keep.Right)
            .ToMaterialized(BroadcastHub.Sink<TaskLogLine>(hubBufferSize), Keep.Both)
            .Run(materializer);
        hub.RunWith(Akka.Streams.Dsl.Sink.Ignore<TaskLogLine>(), materializer);
        _killSwitch = killSwitch;
        _hub = hub;
    }

    /// <summary>Publishes a line; never blocks (when the channel is full, its oldest line goes). After <see cref="Complete"/>, dropped.</summary>
    public void Publish(TaskLogLine line) => _lines.Writer.TryWrite(line);

    /// <summary><see cref="Publish"/> as a sink, for a producer that is a stream; it never backpressures.</summary>
    public Sink<TaskLogLine, NotUsed> Sink =>
        Akka.Streams.Dsl.Sink.ForEach<TaskLogLine>(Publish).MapMaterializedValue(_ => NotUsed.Instance);

    /// <summary>The lines from now on; a viewer that falls more than <paramref name="buffer"/> lines behind loses the oldest.</summary>
    public Source<TaskLogLine, NotUsed> Subscribe(int buffer = 1024) =>
        _hub.Buffer(buffer, OverflowStrategy.DropHead).Async();

    /// <summary>Ends the live log: subscribers complete, later lines are dropped.</summary>
    public void Complete()
    {
        _lines.Writer.TryComplete();
        _killSwitch.Shutdown();
    }

    public void Dispose() => Complete();
}
