using System.Threading.Channels;
using Akka.Actor;
using Pit.Engine.Protocol;

namespace Pit.Engine.Hosting;

/// <summary>
/// Every run event the engine persists, as a channel a caller can read (the CLI's progress view).
/// Subscribe before triggering a run so none of its events are missed.
/// </summary>
public sealed class EventTap : IDisposable
{
    private readonly ActorSystem _system;
    private readonly IActorRef _listener;
    private readonly Channel<IPitEvent> _channel = Channel.CreateUnbounded<IPitEvent>(new UnboundedChannelOptions { SingleReader = true });

    public EventTap(ActorSystem system)
    {
        _system = system;
        _listener = system.ActorOf(Props.Create(() => new Listener(_channel.Writer)));
        system.EventStream.Subscribe(_listener, typeof(IPitEvent));
    }

    public ChannelReader<IPitEvent> Events => _channel.Reader;

    public void Dispose()
    {
        _system.EventStream.Unsubscribe(_listener);
        _system.Stop(_listener);
        _channel.Writer.TryComplete();
    }

    private sealed class Listener : ReceiveActor
    {
        public Listener(ChannelWriter<IPitEvent> writer) => Receive<IPitEvent>(e => writer.TryWrite(e));
    }
}
