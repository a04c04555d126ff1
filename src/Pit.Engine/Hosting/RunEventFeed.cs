using System.Collections.Concurrent;
using System.Threading.Channels;
using Akka.Actor;
using Pit.Engine.Protocol;

namespace Pit.Engine.Hosting;

/// <summary>
/// The events this engine persists, by run: one listener on the event stream for the whole system
/// hands each run event to the subscriptions of that run only. Many viewers of runs (each a
/// <c>run tail</c>) then cost one delivery per event, not one actor each.
/// </summary>
public sealed class RunEventFeed : IExtension
{
    private readonly ConcurrentDictionary<string, Subscription[]> _byRun = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public RunEventFeed(ActorSystem system)
    {
        var listener = system.ActorOf(Props.Create(() => new Listener(this)));
        system.EventStream.Subscribe(listener, typeof(IPitEvent));
    }

    public static RunEventFeed For(ActorSystem system) => system.WithExtension<RunEventFeed, RunEventFeedProvider>();

    /// <summary>The events of <paramref name="runId"/> from now on, until the subscription is disposed.</summary>
    public Subscription Subscribe(string runId)
    {
        var subscription = new Subscription(this, runId);
        lock (_gate) _byRun[runId] = [.. _byRun.GetValueOrDefault(runId) ?? [], subscription];
        return subscription;
    }

    /// <summary>How many subscriptions <paramref name="runId"/> has now.</summary>
    public int Subscribers(string runId) => _byRun.TryGetValue(runId, out var subscriptions) ? subscriptions.Length : 0;

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            var left = (_byRun.GetValueOrDefault(subscription.RunId) ?? []).Where(s => s != subscription).ToArray();
            if (left.Length == 0) _byRun.TryRemove(subscription.RunId, out _);
            else _byRun[subscription.RunId] = left;
        }
    }

    private void Publish(IPitEvent e)
    {
        if (e is IWithRunId withRun && _byRun.TryGetValue(withRun.RunId, out var subscriptions))
            foreach (var subscription in subscriptions) subscription.Writer.TryWrite(e);
    }

    /// <summary>One viewer's events of one run.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly RunEventFeed _feed;
        private readonly Channel<IPitEvent> _channel = Channel.CreateUnbounded<IPitEvent>(new UnboundedChannelOptions { SingleReader = true });

        internal Subscription(RunEventFeed feed, string runId)
        {
            _feed = feed;
            RunId = runId;
        }

        public string RunId { get; }

        public ChannelReader<IPitEvent> Events => _channel.Reader;

        internal ChannelWriter<IPitEvent> Writer => _channel.Writer;

        public void Dispose()
        {
            _feed.Remove(this);
            _channel.Writer.TryComplete();
        }
    }

    private sealed class Listener : ReceiveActor
    {
        public Listener(RunEventFeed feed) => Receive<IPitEvent>(feed.Publish);
    }
}

public sealed class RunEventFeedProvider : ExtensionIdProvider<RunEventFeed>
{
    public override RunEventFeed CreateExtension(ExtendedActorSystem system) => new(system);
}
