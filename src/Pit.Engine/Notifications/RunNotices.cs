using Pit.Connectors.Notifications;
using Pit.Core.Dags;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Notifications;

/// <summary>
/// Which finished runs a DAG's <c>[dag.notify]</c> asks to hear about, and what the notice says.
/// <c>failure</c> covers failed and timed-out runs, <c>success</c> succeeded ones; a cancelled run
/// is never notified (someone asked for it: the API, Ctrl-C, or the service stopping).
/// </summary>
public static class RunNotices
{
    public static bool Wanted(NotifySettings settings, RunStatus status) => status switch
    {
        RunStatus.Succeeded => settings.On.Contains(NotifyOn.Success),
        RunStatus.Failed or RunStatus.TimedOut => settings.On.Contains(NotifyOn.Failure),
        _ => false,
    };

    /// <summary>The notice of <paramref name="run"/>, finished as <paramref name="finished"/> says; its tasks with status failed are the failed tasks.</summary>
    public static RunNotice Of(RunSummary run, RunEvents.RunFinished finished, string? linkBase) =>
        new(run.Dag,
            run.RunId,
            StatusNames.Of(finished.Status),
            finished.Reason,
            run.Tasks.Where(t => t.Status == TaskStatus.Failed).Select(t => t.Name).ToList(),
            LinkTo(run.RunId, linkBase));

    /// <summary><c>&lt;base&gt;/api/runs/&lt;id&gt;</c>, or null without a base.</summary>
    public static string? LinkTo(string runId, string? linkBase) =>
        linkBase is null ? null : $"{linkBase.TrimEnd('/')}/api/runs/{Uri.EscapeDataString(runId)}";
}
