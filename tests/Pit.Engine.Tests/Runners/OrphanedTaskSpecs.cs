using Pit.Engine.Runners;

namespace Pit.Engine.Tests.Runners;

public sealed class OrphanedTaskSpecs
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_runs_task_processes_are_found_by_their_environment_and_killed_with_their_group()
    {
        var runId = $"20261125_100000.000_orphans{Guid.NewGuid():N}";
        using var extract = new StrayTask(runId, "extract");
        using var load = new StrayTask(runId, "load");
        using var otherRun = new StrayTask(runId + "x", "extract");

        var found = OrphanedTask.OfRun(runId);

        Assert.Equal(new Dictionary<string, int> { ["extract"] = extract.Id, ["load"] = load.Id }, found);
        Assert.True(OrphanedTask.Kill(found["extract"], runId, "extract"));
        Assert.True(extract.ExitsWithin(Generous));
        Assert.True(load.Running);
        Assert.True(otherRun.Running);
    }

    [Fact]
    public void A_recorded_pid_now_leading_another_session_is_left_alone()
    {
        var runId = $"20261125_100000.000_reused{Guid.NewGuid():N}";
        using var otherTask = new StrayTask(runId, "load");
        using var otherRun = new StrayTask(runId + "x", "extract");
        using var stranger = new StrayTask(runId: null, task: null);

        Assert.False(OrphanedTask.Kill(otherTask.Id, runId, "extract"));
        Assert.False(OrphanedTask.Kill(otherRun.Id, runId, "extract"));
        Assert.False(OrphanedTask.Kill(stranger.Id, runId, "extract"));

        Assert.True(otherTask.Running);
        Assert.True(otherRun.Running);
        Assert.True(stranger.Running);
    }

    [Fact]
    public void A_run_with_no_live_process_has_no_orphans()
    {
        Assert.Empty(OrphanedTask.OfRun($"20261125_100000.000_none{Guid.NewGuid():N}"));
    }
}
