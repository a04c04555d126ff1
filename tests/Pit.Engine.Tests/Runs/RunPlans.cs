using Pit.Engine.Protocol;
using Pit.Engine.Runs;

namespace Pit.Engine.Tests.Runs;

/// <summary>A run's state fresh from its plan, for the specs of the pure run rules.</summary>
internal static class RunPlans
{
    public const string RunId = "20260101_000000.000_d";
    public static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly HashSet<string> None = [];

    /// <summary>The state once <c>RunCreated</c> planned <paramref name="tasks"/> (name, dependencies) in this order.</summary>
    public static DagRunState Plan(params (string Name, string[] DependsOn)[] tasks) =>
        DagRunState.Empty(RunId).Apply(new RunEvents.RunCreated(
            RunId, "d", "manual", "hash", [.. tasks.Select(t => new RunEvents.PlannedTask(t.Name, t.DependsOn))], At));
}
