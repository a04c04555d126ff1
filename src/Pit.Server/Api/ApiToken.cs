using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Pit.Core.Workspace;

namespace Pit.Server.Api;

/// <summary>
/// The <c>api_token</c> of pit_config.toml and which requests must present it as
/// <c>Authorization: Bearer &lt;token&gt;</c>: every POST, and with <c>api_auth = "all"</c> every read
/// too. Without a token nothing is checked (<c>pit serve</c> then listens on loopback only).
/// The token is kept only as its SHA-256 and never written anywhere.
/// </summary>
public sealed class ApiToken
{
    private const string Scheme = "Bearer ";

    private readonly byte[]? _hash;
    private readonly ApiAuth _auth;

    public ApiToken(string? token, ApiAuth auth)
    {
        _hash = string.IsNullOrEmpty(token) ? null : Hash(token);
        _auth = auth;
    }

    public bool IsSet => _hash is not null;

    /// <summary>True when <paramref name="request"/> needs no token, or carries the right one.</summary>
    public bool Allows(HttpRequest request)
    {
        if (_hash is null) return true;
        var reading = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        if (reading && _auth == ApiAuth.Mutating) return true;
        return Matches(request.Headers.Authorization.ToString());
    }

    /// <summary>
    /// Compares in constant time: both sides are hashed first, so that neither the bytes nor the
    /// length of the token shows in how long a wrong guess takes (FixedTimeEquals alone returns
    /// early on a length mismatch).
    /// </summary>
    public bool Matches(string? authorization) => _hash is null || Presents(authorization, _hash);

    /// <summary>
    /// True when <paramref name="authorization"/> is <c>Bearer &lt;token&gt;</c> with exactly
    /// <paramref name="token"/> (a webhook's token secret), compared as <see cref="Matches"/> does.
    /// An empty token matches nothing.
    /// </summary>
    public static bool Presents(string? authorization, string token) =>
        token.Length > 0 && Presents(authorization, Hash(token));

    private static bool Presents(string? authorization, byte[] hash)
    {
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)) return false;
        var given = authorization[Scheme.Length..].Trim();
        return given.Length > 0 && CryptographicOperations.FixedTimeEquals(Hash(given), hash);
    }

    /// <summary>Answers a request without the right token: 401 and how to authenticate, never the token.</summary>
    public static IResult Refusal() => ApiErrors.Result(StatusCodes.Status401Unauthorized, "unauthorized",
        "this request needs the api_token of pit_config.toml as 'Authorization: Bearer <api_token>'");

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
