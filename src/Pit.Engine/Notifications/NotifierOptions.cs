namespace Pit.Engine.Notifications;

/// <summary>How <c>pit serve</c> sends <c>[dag.notify]</c> notifications.</summary>
public sealed record NotifierOptions
{
    /// <summary>Where the service's HTTP API is reached (<c>http://127.0.0.1:9090</c>), for the link to a run; null for no link.</summary>
    public string? RunLinkBase { get; init; }

    /// <summary>The waits before each retry of a failed notification: 10 s, 1 min, 5 min (so four attempts in all).</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; init; } = [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)];

    /// <summary>How many times a notification is tried before it is given up.</summary>
    public int Attempts => RetryDelays.Count + 1;
}
