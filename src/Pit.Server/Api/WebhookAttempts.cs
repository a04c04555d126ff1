using System.Net;

namespace Pit.Server.Api;

/// <summary>
/// Failed webhook attempts per client address, in a sliding window: once a client has failed
/// <see cref="Limit"/> times within <see cref="Window"/>, it is refused until the oldest of those
/// failures leaves the window. Refused requests and successes are not counted. Thread-safe.
/// </summary>
public sealed class WebhookAttempts
{
    public const int Limit = 10;

    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    /// <summary>Past this many tracked clients, a failure first forgets the clients whose failures all left the window.</summary>
    private const int SweepAbove = 1024;

    private readonly Dictionary<IPAddress, Queue<DateTimeOffset>> _failures = [];
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();

    public WebhookAttempts(TimeProvider? clock = null) => _clock = clock ?? TimeProvider.System;

    /// <summary>How long <paramref name="client"/> must wait before its next attempt counts; null when it may try now.</summary>
    public TimeSpan? Blocked(IPAddress client)
    {
        lock (_lock)
        {
            var now = _clock.GetUtcNow();
            if (!_failures.TryGetValue(client, out var failures)) return null;
            Forget(failures, now);
            if (failures.Count == 0)
            {
                _failures.Remove(client);
                return null;
            }
            return failures.Count >= Limit ? failures.Peek() + Window - now : null;
        }
    }

    public void Failed(IPAddress client)
    {
        lock (_lock)
        {
            var now = _clock.GetUtcNow();
            if (_failures.Count > SweepAbove) Sweep(now);
            if (!_failures.TryGetValue(client, out var failures)) _failures[client] = failures = new Queue<DateTimeOffset>();
            Forget(failures, now);
            failures.Enqueue(now);
            // Only the newest Limit failures decide when the client may try again.
            while (failures.Count > Limit) failures.Dequeue();
        }
    }

    private static void Forget(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && failures.Peek() + Window <= now) failures.Dequeue();
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (client, failures) in _failures.ToList())
        {
            Forget(failures, now);
            if (failures.Count == 0) _failures.Remove(client);
        }
    }
}
