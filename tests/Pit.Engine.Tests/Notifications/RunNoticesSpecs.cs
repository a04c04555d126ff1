using Pit.Core.Dags;
using Pit.Engine.Notifications;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Tests.Notifications;

public class RunNoticesSpecs
{
    private static NotifySettings On(params NotifyOn[] on) => new(on, ["ops@example.com"], null);

    [Theory]
    [InlineData(RunStatus.Failed, true, false)]
    [InlineData(RunStatus.TimedOut, true, false)]
    [InlineData(RunStatus.Succeeded, false, true)]
    [InlineData(RunStatus.Cancelled, false, false)]
    [InlineData(RunStatus.Running, false, false)]
    public void Failure_covers_failed_and_timed_out_success_covers_succeeded_and_cancelled_is_never_wanted(RunStatus status, bool onFailure, bool onSuccess)
    {
        Assert.Equal(onFailure, RunNotices.Wanted(On(NotifyOn.Failure), status));
        Assert.Equal(onSuccess, RunNotices.Wanted(On(NotifyOn.Success), status));
        Assert.Equal(onFailure || onSuccess, RunNotices.Wanted(On(NotifyOn.Failure, NotifyOn.Success), status));
    }

    [Fact]
    public void The_notice_lists_only_the_tasks_that_failed_and_links_to_the_run()
    {
        var at = DateTimeOffset.UnixEpoch;
        var run = new RunSummary("20250301T020000Z_claims", "claims", "cron", RunStatus.Failed, at, at, TimeSpan.Zero,
        [
            new TaskSummary("extract", TaskStatus.Success, 1, at, at, 0, null),
            new TaskSummary("load", TaskStatus.Failed, 3, at, at, 2, "exit code 2"),
            new TaskSummary("report", TaskStatus.UpstreamFailed, 0, null, at, null, null),
            new TaskSummary("audit", TaskStatus.Failed, 1, at, at, null, "timed out"),
        ]);

        var notice = RunNotices.Of(run, new RunEvents.RunFinished(run.RunId, RunStatus.Failed, "failed: load, audit", at), "http://pit.example:9090/");

        Assert.Equal(["load", "audit"], notice.FailedTasks);
        Assert.Equal(("claims", "failed", "failed: load, audit"), (notice.Dag, notice.State, notice.Reason));
        Assert.Equal("http://pit.example:9090/api/runs/20250301T020000Z_claims", notice.Url);
    }

    [Fact]
    public void Without_a_base_there_is_no_link() => Assert.Null(RunNotices.LinkTo("r", null));
}
