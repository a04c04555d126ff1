using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.TestKit;
using Akka.TestKit.Xunit2;
using Pit.Engine.Runners;
using Pit.Engine.Streams;

namespace Pit.Engine.Tests.Runners;

/// <summary>Measures the managed heap while it runs, so nothing else may run beside it.</summary>
[CollectionDefinition(nameof(HeavyOutputSpecs), DisableParallelization = true)]
public sealed class HeavyOutputCollection;

[Collection(nameof(HeavyOutputSpecs))]
public sealed class HeavyOutputSpecs : TestKit
{
    private const long HundredMegabytes = 100_000_000;
    private const long HeapLimit = 200L * 1024 * 1024;
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(3);

    private readonly TaskSandbox _box = new();
    private readonly IMaterializer _materializer;

    public HeavyOutputSpecs()
    {
        _materializer = Sys.Materializer();
    }

    protected override void Dispose(bool disposing)
    {
        _box.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Runs the task while sampling the managed heap; returns the outcome and the largest heap seen.</summary>
    private async Task<(TaskOutcome Outcome, long PeakHeap)> RunMeasured(TaskLaunch launch, LiveLog? live = null)
    {
        GC.Collect();
        long peak = 0;
        using var sampler = new Timer(_ => InterlockedMax(ref peak, GC.GetTotalMemory(false)), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(20));
        var outcome = await new ProcessTaskExecutor(_materializer, live).RunAsync(launch, _ => { }, CancellationToken.None).WaitAsync(Generous);
        InterlockedMax(ref peak, GC.GetTotalMemory(false));
        return (outcome, Interlocked.Read(ref peak));
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }

    /// <summary>Counts the bytes, lines and longest line of the log between its header and footer.</summary>
    private static (long Bytes, long Lines, long LongestLine) Body(TaskLaunch launch)
    {
        using var file = File.OpenRead(launch.LogFile);
        var buffer = new byte[1 << 20];
        long total = 0, newlines = 0, longest = 0, current = 0, previous = 0;
        int read;
        while ((read = file.Read(buffer)) > 0)
        {
            total += read;
            foreach (var b in buffer.AsSpan(0, read))
            {
                if (b != '\n')
                {
                    current++;
                    continue;
                }
                // The line before this one is a body line unless it was the header.
                if (newlines >= 2) longest = Math.Max(longest, previous);
                previous = current;
                current = 0;
                newlines++;
            }
        }
        var lines = File.ReadLines(launch.LogFile);
        var header = lines.First().Length + 1;
        var footer = lines.Last().Length + 1;
        return (total - header - footer, newlines - 2, longest);
    }

    [Fact]
    public async Task A_hundred_megabytes_without_newlines_are_logged_in_64_KiB_pieces_within_bounded_memory()
    {
        var launch = _box.Bash("blob", "head -c 100000000 /dev/zero | tr '\\0' 'x'");

        var (outcome, peakHeap) = await RunMeasured(launch);

        Assert.True(outcome.Succeeded, outcome.Describe());
        var pieces = (HundredMegabytes + LineFraming.DefaultMaxLineBytes - 1) / LineFraming.DefaultMaxLineBytes;
        var (bytes, lines, longest) = Body(launch);
        Assert.Equal(pieces, lines);
        Assert.Equal(HundredMegabytes + pieces, bytes);
        Assert.Equal(LineFraming.DefaultMaxLineBytes, longest);
        Assert.InRange(peakHeap, 0, HeapLimit);
    }

    [Fact]
    public async Task A_hundred_megabytes_of_lines_with_a_viewer_that_never_reads_are_logged_within_bounded_memory()
    {
        using var live = new LiveLog(_materializer);
        var probe = this.CreateManualSubscriberProbe<TaskLogLine>();
        live.Subscribe().RunWith(Sink.FromSubscriber(probe), _materializer);
        await probe.ExpectSubscriptionAsync();
        // 2,000,000 lines of 49 characters and a newline.
        var launch = _box.Bash("lines", "yes 'a line of output that is forty-nine characters...' | head -n 2000000");

        var (outcome, peakHeap) = await RunMeasured(launch, live);

        Assert.True(outcome.Succeeded, outcome.Describe());
        var (bytes, lines, longest) = Body(launch);
        Assert.Equal(2_000_000, lines);
        Assert.Equal(HundredMegabytes, bytes);
        Assert.Equal(49, longest);
        Assert.InRange(peakHeap, 0, HeapLimit);
    }
}
