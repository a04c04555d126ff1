using Pit.Engine.Persistence;

namespace Pit.Engine.Protocol;

/// <summary>Questions to the RunRegistry about runs, answered from the run history (the journal's projection).</summary>
public static class RunRegistryQueries
{
    /// <summary>Runs newest first: only <paramref name="Dag"/>'s and in <paramref name="State"/> (a state name: <c>running</c>, <c>success</c>, …) when given; answered with <see cref="RunList"/>.</summary>
    public sealed record ListRuns(string? Dag, string? State, int Limit);

    public sealed record RunList(IReadOnlyList<RunSummary> Runs);

    /// <summary>One run; answered with <see cref="FoundRun"/>.</summary>
    public sealed record GetRun(string RunId);

    /// <param name="Run">Null when the run history has no such run.</param>
    public sealed record FoundRun(string RunId, RunSummary? Run);

    /// <summary>
    /// Reads the run a rerun reruns from the journal and plans the rerun; answered with
    /// <see cref="RerunPrepared"/>, or <see cref="SchedulerCommands.TriggerRejected"/> saying why it cannot be.
    /// </summary>
    public sealed record PrepareRerun(RerunOrder Order);

    public sealed record RerunPrepared(Runs.Rerun Rerun);
}

/// <summary>What the RunRegistry does on request (besides routing <see cref="IWithRunId"/> messages to the runs).</summary>
public static class RunRegistryCommands
{
    /// <summary>
    /// Stop a run this engine is running, as the API's cancel does: answered with <see cref="Cancelling"/>
    /// once it was told, or <see cref="CancelRefused"/> saying why not.
    /// </summary>
    public sealed record Cancel(string RunId, string Reason);

    /// <summary>The run was told to stop: its tasks get SIGTERM, then SIGKILL after kill_grace; it ends cancelled.</summary>
    public sealed record Cancelling(string RunId);

    /// <param name="Code"><see cref="NotFound"/>, <see cref="RunFinished"/> or <see cref="NotActive"/>.</param>
    public sealed record CancelRefused(string RunId, string Code, string Reason);

    /// <summary>The run history has no such run.</summary>
    public const string NotFound = "not_found";

    /// <summary>The run already ended.</summary>
    public const string RunFinished = "run_finished";

    /// <summary>The run is recorded as running, but this engine does not run it (another Pit process does, or it was interrupted).</summary>
    public const string NotActive = "not_active";
}
