namespace Pit.Engine.Persistence;

/// <summary>One run as the read side sees it, by id: from the read models (<see cref="ReadModels.RunReadModel"/>) or from its own journal events (<see cref="RunHistoryReader"/>).</summary>
public interface IRunLookup
{
    /// <summary>The run, or null when the journal has no such run.</summary>
    Task<RunSummary?> GetAsync(string runId, CancellationToken cancellationToken = default);
}
