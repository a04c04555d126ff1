namespace Pit.Engine.Protocol;

/// <summary>What a backfill tells whoever follows it (<c>pit backfill</c>, <c>dag backfill</c>), in order; <see cref="Done"/> comes last.</summary>
public static class BackfillReports
{
    /// <summary>The occurrence's run was created.</summary>
    public sealed record RunStarted(DateTimeOffset Occurrence, string RunId);

    /// <summary>The occurrence's trigger waits in the Scheduler's line (behind another run of the DAG, or for a run slot).</summary>
    public sealed record Queued(DateTimeOffset Occurrence, int Position);

    /// <param name="Took">From the run's creation to its end; null when its creation was not seen.</param>
    public sealed record RunEnded(DateTimeOffset Occurrence, string RunId, RunStatus Status, string? Reason, TimeSpan? Took);

    /// <summary>The occurrence got no run: the Scheduler refused its trigger, or the backfill was stopped first.</summary>
    public sealed record NotStarted(DateTimeOffset Occurrence, string Reason);

    /// <summary>Every occurrence has ended or will not start.</summary>
    public sealed record Done(int Succeeded, int Failed, int NotStarted);
}

/// <summary>What a BackfillActor accepts.</summary>
public static class BackfillCommands
{
    /// <summary>Start no further run; runs already started go on (and are still followed) until they end.</summary>
    public sealed record Stop(string Reason);
}
