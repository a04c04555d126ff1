using Akka.TestKit;
using Pit.Engine.Actors;
using Pit.Engine.Protocol;

namespace Pit.Engine.Tests.Actors;

/// <summary>Waiting, on the TestScheduler, for a running task's start to be in the journal.</summary>
internal static class RecordedStarts
{
    /// <summary>
    /// The TaskStarted matching <paramref name="which"/>, once persisted. A start with no other write to
    /// go with waits <see cref="DagRunActor.StartsDelay"/>, so the clock moves on by that much until it is there.
    /// </summary>
    public static RunEvents.TaskStarted AwaitRecordedStart(this TestProbe events, TestScheduler clock, Predicate<RunEvents.TaskStarted> which)
    {
        RunEvents.TaskStarted? started = null;
        events.AwaitAssert(() =>
        {
            clock.Advance(DagRunActor.StartsDelay);
            started = events.FishForMessage<RunEvents.TaskStarted>(which, TimeSpan.FromMilliseconds(200));
        }, TimeSpan.FromSeconds(10));
        return started!;
    }
}
