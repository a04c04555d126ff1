namespace Pit.Engine.Persistence.ReadModels;

/// <summary>Which events of the timeline (<c>pit history</c>): one DAG's or one run's, one task's, between two moments; null for any.</summary>
public sealed record HistoryFilter(string? Dag = null, string? RunId = null, string? Task = null, DateTimeOffset? Since = null, DateTimeOffset? Until = null);
