namespace Pit.Engine.Protocol;

/// <summary>A message addressed to one run: the RunRegistry (or a cluster shard region) routes by it.</summary>
public interface IWithRunId
{
    string RunId { get; }
}

/// <summary>Marker for every persisted event; our serializer handles exactly these.</summary>
public interface IPitEvent;

/// <summary>An event about one task of a run.</summary>
public interface IWithTask
{
    string Task { get; }
}
