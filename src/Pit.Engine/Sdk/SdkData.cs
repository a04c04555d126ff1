namespace Pit.Engine.Sdk;

/// <summary>Where a run's SDK data methods work: its data folder (Parquet files) and the workspace root (relative SQLite paths).</summary>
public sealed record SdkData(string DataDir, string WorkspaceRoot);
