using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Pit.Engine.Sdk;

/// <summary>
/// The tokens of one run's task attempts (<c>PIT_TOKEN</c>): random, one per attempt, known only
/// to that run's socket, so a token from another run is refused. Thread-safe.
/// </summary>
public sealed class SdkTokens
{
    private readonly ConcurrentDictionary<string, SdkCaller> _callers = new(StringComparer.Ordinal);

    public string Issue(SdkCaller caller)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _callers[token] = caller;
        return token;
    }

    public SdkCaller? Find(string? token) =>
        token is not null && _callers.TryGetValue(token, out var caller) ? caller : null;
}
