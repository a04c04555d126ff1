using Pit.Core.Dags;
using Pit.Engine.Scheduling;

namespace Pit.Engine.Tests.Scheduling;

public sealed class DagActivitySpecs
{
    private static readonly DagDefinition Claims = new() { Name = "claims", ProjectDir = "/p/claims", File = "/p/claims/pit.toml" };

    private static RunRequest Request(string trigger) => new(Claims, null, trigger, new Dictionary<string, string>(), null);

    [Fact]
    public void A_run_makes_its_dag_busy_from_its_start_and_counts_as_running_once_started()
    {
        var activity = new DagActivity();

        activity.Starting("claims", "r1");
        var whileStarting = (activity.IsBusy("claims"), activity.RunningOf("claims").Count);
        activity.Started("r1");

        Assert.Equal((true, 0), whileStarting);
        Assert.Equal(["r1"], activity.RunningOf("claims"));
        Assert.Equal(["r1"], activity.AllRunning);
        Assert.False(activity.IsBusy("other"));
    }

    [Fact]
    public void A_run_that_ended_before_it_was_confirmed_stays_gone()
    {
        var activity = new DagActivity();
        activity.Starting("claims", "r1");

        Assert.Equal("claims", activity.End("r1"));
        activity.Started("r1");

        Assert.False(activity.IsBusy("claims"));
        Assert.Empty(activity.AllRunning);
        Assert.Null(activity.End("r1"));
    }

    [Fact]
    public void The_queue_is_first_in_first_out_bounded_and_can_be_dropped()
    {
        var activity = new DagActivity();

        Assert.Equal(1, activity.Enqueue(Request("api"), limit: 2));
        Assert.Equal(2, activity.Enqueue(Request("cron"), limit: 2));
        Assert.Equal(0, activity.Enqueue(Request("webhook"), limit: 2));
        Assert.Equal("api", activity.Dequeue("claims")?.Trigger);
        Assert.Equal(1, activity.QueuedOf("claims"));
        Assert.Equal(1, activity.DropQueued());
        Assert.Null(activity.Dequeue("claims"));
    }

    [Fact]
    public void Queues_count_per_dag_the_triggers_behind_its_run_and_those_waiting_for_a_run_slot()
    {
        var activity = new DagActivity();
        var other = new DagDefinition { Name = "other", ProjectDir = "/p/other", File = "/p/other/pit.toml" };
        activity.Enqueue(Request("api"), limit: 5);
        activity.Wait(Request("cron"), limit: 5);
        activity.Wait(new RunRequest(other, null, "ctl", new Dictionary<string, string>(), null), limit: 5);
        activity.Starting("idle", "r1");

        Assert.Equal([("claims", 2), ("other", 1)], activity.Queues);
    }
}
