using Pit.Core.Dags;
using Pit.Core.Time;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;

namespace Pit.Engine.Scheduling;

/// <summary>
/// A DAG's <c>[dag.requires]</c> against the run history, at trigger time:
/// <list type="bullet">
/// <item><c>{ max_age = "24h" }</c> or <c>last_success</c>: the other DAG's latest finished run succeeded (and, with max_age, finished within it);</item>
/// <item><c>last_complete</c>: the other DAG's latest run has finished, whatever its outcome (and, with max_age, within it), and none is running;</item>
/// <item><c>within_window</c>: a run of the other DAG succeeded within <c>window</c>.</item>
/// </list>
/// Pure: the history and the clock come in.
/// </summary>
public static class RequirementCheck
{
    /// <summary>Why the DAG may not start now (every unmet requirement, one per line); null when all are met.</summary>
    public static string? Unmet(DagDefinition dag, RunHistory history, DateTimeOffset now) => Unmet(dag, history.RunsOf, now);

    /// <param name="runsOf">A DAG's runs (their tasks are not needed), by DAG name.</param>
    public static string? Unmet(DagDefinition dag, Func<string, IReadOnlyList<RunSummary>> runsOf, DateTimeOffset now)
    {
        var reasons = dag.Requires.Select(requirement => Check(requirement, runsOf, now)).OfType<string>().ToList();
        return reasons.Count == 0 ? null : $"{dag.Name} requires: {string.Join("; ", reasons)}";
    }

    private static string? Check(DagRequirement requirement, Func<string, IReadOnlyList<RunSummary>> runsOf, DateTimeOffset now)
    {
        var runs = runsOf(requirement.Dag);
        var finished = runs.Where(r => r.Status != RunStatus.Running && r.FinishedAt is not null).ToList();
        var latest = finished.OrderByDescending(r => r.FinishedAt).FirstOrDefault();
        switch (requirement.Condition)
        {
            case RequirementCondition.WithinWindow:
            {
                var window = requirement.Window ?? requirement.MaxAge ?? TimeSpan.FromDays(1);
                return finished.Any(r => r.Status == RunStatus.Succeeded && now - r.FinishedAt!.Value <= window)
                    ? null
                    : $"{requirement.Dag} has no successful run in the last {DurationText.Format(window)}";
            }
            case RequirementCondition.LastComplete:
                if (runs.Any(r => r.Status == RunStatus.Running)) return $"{requirement.Dag} has a run still going";
                if (latest is null) return $"{requirement.Dag} has never run";
                return TooOld(requirement, latest, now);
            default:
                if (latest is null) return $"{requirement.Dag} has never run";
                if (latest.Status != RunStatus.Succeeded) return $"{requirement.Dag}'s last run ({latest.RunId}) ended {StatusNames.Of(latest.Status)}";
                return TooOld(requirement, latest, now);
        }
    }

    private static string? TooOld(DagRequirement requirement, RunSummary latest, DateTimeOffset now) =>
        requirement.MaxAge is { } age && now - latest.FinishedAt!.Value > age
            ? $"{requirement.Dag}'s last run ({latest.RunId}) finished more than {DurationText.Format(age)} ago"
            : null;
}
