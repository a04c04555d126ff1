using System.Collections.Immutable;
using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.TestKit;
using Akka.TestKit.Xunit2;
using Pit.Engine.Runners;
using Pit.Engine.Streams;

namespace Pit.Engine.Tests.Streams;

public sealed class LiveLogSpecs : TestKit
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private readonly IMaterializer _materializer;

    public LiveLogSpecs()
    {
        _materializer = Sys.Materializer();
    }

    /// <summary>Publishes a line every few milliseconds until cancelled: a subscriber attaches at some point and then sees lines.</summary>
    private Akka.Actor.ICancelable Ticker(LiveLog live, string task) =>
        Source.Tick(TimeSpan.Zero, TimeSpan.FromMilliseconds(10), task)
            .Select(name => new TaskLogLine("run", name, 1, "tick"))
            .To(live.Sink)
            .Run(_materializer);

    private Task<ImmutableSortedSet<string>> TasksSeen(Source<TaskLogLine, NotUsed> viewer, int count) =>
        viewer.Scan(ImmutableSortedSet<string>.Empty, (seen, line) => seen.Add(line.Task))
            .Where(seen => seen.Count == count)
            .RunWith(Sink.First<ImmutableSortedSet<string>>(), _materializer);

    [Fact]
    public async Task Subscribers_see_lines_from_every_producer()
    {
        using var live = new LiveLog(_materializer);
        var first = TasksSeen(live.Subscribe(), 2);
        var second = TasksSeen(live.Subscribe(), 2);
        var extract = Ticker(live, "extract");
        var load = Ticker(live, "load");

        var seenByFirst = await first.WaitAsync(Generous);
        var seenBySecond = await second.WaitAsync(Generous);
        extract.Cancel();
        load.Cancel();

        Assert.Equal(["extract", "load"], seenByFirst);
        Assert.Equal(["extract", "load"], seenBySecond);
    }

    [Fact]
    public async Task Nobody_watching_does_not_hold_back_producers()
    {
        using var live = new LiveLog(_materializer);
        var produced = Source.From(Enumerable.Range(1, 50_000))
            .Select(i => new TaskLogLine("run", "t", 1, $"line {i}"))
            .WatchTermination(Keep.Right)
            .To(live.Sink)
            .Run(_materializer);

        Assert.Equal(Done.Instance, await produced.WaitAsync(Generous));
    }

    [Fact]
    public async Task A_viewer_that_never_pulls_loses_old_lines_but_never_stalls_a_producer()
    {
        using var live = new LiveLog(_materializer);
        var probe = this.CreateManualSubscriberProbe<TaskLogLine>();
        live.Subscribe(buffer: 16).RunWith(Sink.FromSubscriber(probe), _materializer);
        var subscription = await probe.ExpectSubscriptionAsync();

        // Make sure the viewer is attached, then stop pulling.
        subscription.Request(1);
        var warmup = Ticker(live, "warmup");
        await probe.ExpectNextAsync(Generous);
        warmup.Cancel();

        const int count = 100_000;
        var produced = Source.From(Enumerable.Range(1, count))
            .Select(i => new TaskLogLine("run", "t", 1, $"line {i}"))
            .WatchTermination(Keep.Right)
            .To(live.Sink)
            .Run(_materializer);
        Assert.Equal(Done.Instance, await produced.WaitAsync(Generous));

        subscription.Request(count);
        var received = 0;
        TaskLogLine line;
        do
        {
            line = await probe.ExpectNextAsync(Generous);
            received++;
        }
        while (line.Line != $"line {count}");
        Assert.InRange(received, 1, 1_000);
    }

    [Fact]
    public async Task Complete_ends_every_subscription()
    {
        var live = new LiveLog(_materializer);
        var viewer = live.Subscribe().RunWith(Sink.Ignore<TaskLogLine>(), _materializer);
        live.Complete();
        Assert.Equal(Done.Instance, await viewer.WaitAsync(Generous));
        Assert.Equal(Done.Instance, await live.Subscribe().RunWith(Sink.Ignore<TaskLogLine>(), _materializer).WaitAsync(Generous));
    }
}
