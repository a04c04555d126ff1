using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Pit.Engine.Sdk;

/// <summary>
/// The tokens of one run's task attempts (<c>PIT_TOKEN</c>): random, one per attempt, known only
/// to that run's socket, so a token from another run is refused. When an attempt ends, its token
/// is ended too: refused from then on, and work still running for it (a load, a query) is
/// cancelled through <see cref="Ended"/>. Thread-safe.
/// </summary>
public sealed class SdkTokens
{
    private sealed record Entry(SdkCaller Caller, CancellationTokenSource Ended);

    private readonly ConcurrentDictionary<string, Entry> _callers = new(StringComparer.Ordinal);

    public string Issue(SdkCaller caller)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _callers[token] = new Entry(caller, new CancellationTokenSource());
        return token;
    }

    public SdkCaller? Find(string? token) =>
        token is not null && _callers.TryGetValue(token, out var entry) ? entry.Caller : null;

    /// <summary>Cancelled once the token's attempt has ended; <see cref="CancellationToken.None"/> for an unknown token.</summary>
    public CancellationToken Ended(string token) =>
        _callers.TryGetValue(token, out var entry) ? entry.Ended.Token : CancellationToken.None;

    /// <summary>Ends the tokens of one attempt of <paramref name="task"/>: refused from now on, their work cancelled.</summary>
    public void End(string task, int attempt)
    {
        foreach (var (token, entry) in _callers)
        {
            if (entry.Caller.Task != task || entry.Caller.Attempt != attempt || !_callers.TryRemove(token, out _)) continue;
            entry.Ended.Cancel(); // not disposed: a request may still hold its token
        }
    }
}
