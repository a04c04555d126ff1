using System.Threading.Channels;
using Akka.Actor;
using Akka.TestKit;
using Pit.Engine.Actors;
using Pit.Engine.Protocol;

namespace Pit.Engine.Tests.Actors;

/// <summary>A BackfillActor against a scheduler probe, its runs' events published on the event stream as DagRuns do.</summary>
public sealed class BackfillActorSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly DateTimeOffset T1 = new(2026, 1, 1, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddDays(1);
    private static readonly DateTimeOffset T3 = T1.AddDays(2);

    private readonly TestProbe _scheduler;
    private readonly Channel<object> _reports = Channel.CreateUnbounded<object>();

    public BackfillActorSpecs() : base("akka.loglevel = ERROR") => _scheduler = CreateTestProbe();

    private IActorRef Start(int concurrency, params DateTimeOffset[] occurrences) =>
        Sys.ActorOf(BackfillActor.Props(_scheduler.Ref, "daily", occurrences, concurrency, _reports.Writer));

    /// <summary>The next trigger the backfill asks the scheduler for, and who to answer.</summary>
    private (SchedulerCommands.TriggerRun Trigger, IActorRef Asker) Asked()
    {
        var trigger = _scheduler.ExpectMsg<SchedulerCommands.TriggerRun>();
        return (trigger, _scheduler.LastSender);
    }

    private async Task<T> Report<T>() => Assert.IsType<T>(await _reports.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));

    private void Created(string runId, DateTimeOffset occurrence) =>
        Sys.EventStream.Publish(new RunEvents.RunCreated(runId, "daily", TriggerNames.Backfill, "h", [], occurrence, occurrence));

    private void Finished(string runId, RunStatus status) => Sys.EventStream.Publish(new RunEvents.RunFinished(runId, status, null, T3));

    [Fact]
    public async Task It_asks_for_a_backfill_run_per_occurrence_oldest_first_never_more_than_its_concurrency_at_once()
    {
        Start(2, T1, T2, T3);

        var (first, firstAsker) = Asked();
        var (second, _) = Asked();
        Assert.Equal(("daily", TriggerNames.Backfill, (string?)null, T1), (first.Dag, first.Trigger, first.Task, first.LogicalTime));
        Assert.Equal(T2, second.LogicalTime);
        _scheduler.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        Created("r1", T1);
        firstAsker.Tell(new SchedulerCommands.TriggerAccepted("r1", "daily"));
        Assert.Equal(new BackfillReports.RunStarted(T1, "r1"), await Report<BackfillReports.RunStarted>());
        Finished("r1", RunStatus.Succeeded);

        var ended = await Report<BackfillReports.RunEnded>();
        Assert.Equal((T1, "r1", RunStatus.Succeeded), (ended.Occurrence, ended.RunId, ended.Status));
        Assert.Equal(T3, Asked().Trigger.LogicalTime);
    }

    [Fact]
    public async Task A_queued_trigger_is_followed_once_its_run_is_created_and_a_refused_one_counts_as_not_started()
    {
        Start(1, T1, T2);

        Asked().Asker.Tell(new SchedulerCommands.TriggerQueued("daily", 1));
        Assert.Equal(new BackfillReports.Queued(T1, 1), await Report<BackfillReports.Queued>());
        Created("r1", T1);
        await Report<BackfillReports.RunStarted>();
        Finished("r1", RunStatus.Failed);
        await Report<BackfillReports.RunEnded>();
        Asked().Asker.Tell(new SchedulerCommands.TriggerRejected(SchedulerCommands.RejectionKind.RequirementsUnmet, "upstream is stale", []));

        Assert.Equal(new BackfillReports.NotStarted(T2, "upstream is stale"), await Report<BackfillReports.NotStarted>());
        Assert.Equal(new BackfillReports.Done(0, 1, 1), await Report<BackfillReports.Done>());
        Assert.False(await _reports.Reader.WaitToReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Stopped_it_asks_for_nothing_more_and_ends_when_its_active_run_ends()
    {
        var backfill = Start(1, T1, T2, T3);
        Asked();
        Created("r1", T1);
        await Report<BackfillReports.RunStarted>();

        backfill.Tell(new BackfillCommands.Stop("stopped by the user"));

        Assert.Equal(new BackfillReports.NotStarted(T2, "stopped by the user"), await Report<BackfillReports.NotStarted>());
        Assert.Equal(T3, (await Report<BackfillReports.NotStarted>()).Occurrence);
        Finished("r1", RunStatus.Succeeded);
        await Report<BackfillReports.RunEnded>();
        Assert.Equal(new BackfillReports.Done(1, 0, 2), await Report<BackfillReports.Done>());
        _scheduler.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
