using Pit.Engine.Protocol;

namespace Pit.Engine.Control;

/// <summary>How <c>pit rerun</c> and <c>run rerun</c> say which tasks run again: at most one of <c>--failed</c>, <c>--from T</c>, <c>--task T</c>.</summary>
public static class RerunWords
{
    /// <summary>The order, or null with <paramref name="problem"/> saying what is wrong with the words.</summary>
    public static RerunOrder? Order(string runId, bool failed, string? from, string? task, out string problem)
    {
        var given = (failed ? 1 : 0) + (from is null ? 0 : 1) + (task is null ? 0 : 1);
        problem = "";
        if (given > 1)
        {
            problem = "give at most one of --failed, --from <task> and --task <task>";
            return null;
        }
        if (from is "" || task is "")
        {
            problem = $"--{(from is "" ? "from" : "task")} needs a task name";
            return null;
        }
        if (failed) return new RerunOrder(runId, RerunMode.Failed);
        if (from is not null) return new RerunOrder(runId, RerunMode.From, from);
        return task is not null ? new RerunOrder(runId, RerunMode.Task, task) : new RerunOrder(runId, RerunMode.All);
    }
}
