namespace Pit.Connectors.Parquet;

/// <summary>What a load did: rows inserted, row groups read, and how long it took.</summary>
public sealed record LoadResult(long Rows, int RowGroups, TimeSpan Elapsed)
{
    public double RowsPerSecond => Elapsed > TimeSpan.Zero ? Rows / Elapsed.TotalSeconds : 0;
}

/// <summary>What a save did: rows written, row groups written, and how long it took.</summary>
public sealed record SaveResult(long Rows, int RowGroups, TimeSpan Elapsed)
{
    public double RowsPerSecond => Elapsed > TimeSpan.Zero ? Rows / Elapsed.TotalSeconds : 0;
}
