namespace Pit.Engine.Sdk;

/// <summary>Who sent a request on a run's SDK socket, as its token says: the run, its project (DAG) and the task.</summary>
public sealed record SdkCaller(string RunId, string Dag, string Task, int Attempt);
