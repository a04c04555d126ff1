using Pit.Core.Dags;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;
using Pit.Engine.Scheduling;

namespace Pit.Engine.Tests.Scheduling;

public sealed class RequirementCheckSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly RunHistory _history = new();

    private void Run(string id, string dag, RunStatus? ended, TimeSpan ago)
    {
        _history.Apply(new RunEvents.RunCreated(id, dag, "cron", "hash", [new RunEvents.PlannedTask("t", [])], Now - ago - TimeSpan.FromMinutes(1)));
        if (ended is { } status) _history.Apply(new RunEvents.RunFinished(id, status, null, Now - ago));
    }

    private static DagDefinition Requiring(params DagRequirement[] requirements) =>
        new() { Name = "report", ProjectDir = "/p", File = "/p/pit.toml", Requires = requirements };

    [Fact]
    public void Max_age_wants_a_last_run_that_succeeded_recently_enough()
    {
        var dag = Requiring(new DagRequirement("feed", RequirementCondition.LastSuccess, TimeSpan.FromHours(24), null));
        Assert.Equal("report requires: feed has never run", RequirementCheck.Unmet(dag, _history, Now));

        Run("r1", "feed", RunStatus.Succeeded, TimeSpan.FromHours(30));
        Assert.Equal("report requires: feed's last run (r1) finished more than 1d ago", RequirementCheck.Unmet(dag, _history, Now));

        Run("r2", "feed", RunStatus.Failed, TimeSpan.FromHours(2));
        Assert.Equal("report requires: feed's last run (r2) ended failed", RequirementCheck.Unmet(dag, _history, Now));

        Run("r3", "feed", RunStatus.Succeeded, TimeSpan.FromHours(1));
        Assert.Null(RequirementCheck.Unmet(dag, _history, Now));
    }

    [Fact]
    public void Last_complete_takes_any_outcome_but_not_a_run_still_going_and_within_window_wants_one_success_in_it()
    {
        var complete = Requiring(new DagRequirement("feed", RequirementCondition.LastComplete, null, null));
        var window = Requiring(new DagRequirement("feed", RequirementCondition.WithinWindow, null, TimeSpan.FromHours(6)));
        Run("r1", "feed", RunStatus.Succeeded, TimeSpan.FromHours(3));
        Run("r2", "feed", RunStatus.Failed, TimeSpan.FromHours(1));

        Assert.Null(RequirementCheck.Unmet(complete, _history, Now));
        Assert.Null(RequirementCheck.Unmet(window, _history, Now));

        Run("r3", "feed", null, TimeSpan.Zero);
        Assert.Equal("report requires: feed has a run still going", RequirementCheck.Unmet(complete, _history, Now));
        Assert.Null(RequirementCheck.Unmet(window, _history, Now + TimeSpan.FromHours(2)));
        Assert.Equal("report requires: feed has no successful run in the last 6h", RequirementCheck.Unmet(window, _history, Now + TimeSpan.FromHours(4)));
    }
}
