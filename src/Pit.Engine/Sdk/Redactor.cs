using Pit.Core.Secrets;

namespace Pit.Engine.Sdk;

/// <summary>
/// The secret values resolved during one run, and their removal from that run's output: every
/// occurrence becomes <see cref="Mask"/>. Values shorter than <see cref="MinimumLength"/>
/// characters (a port, a flag) are left alone: masking them would garble every line while
/// hiding nothing. Safe to use from the socket handler and the log streams at once.
/// </summary>
public sealed class Redactor
{
    public const string Mask = "***";
    public const int MinimumLength = 3;

    private volatile string[] _values = [];
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>
    /// Masks every value of the secrets file and <paramref name="more"/> (the api_token): how the
    /// service shows a run's parameters, in case a caller passed a secret as one.
    /// </summary>
    public static Redactor Of(SecretsFile secrets, params string?[] more)
    {
        var redactor = new Redactor();
        redactor.Add(secrets.Scopes.SelectMany(secrets.In).SelectMany(secret => secret.Values));
        redactor.Add(more.OfType<string>());
        return redactor;
    }

    public void Add(IEnumerable<string> values)
    {
        lock (_gate)
        {
            var added = false;
            foreach (var value in values)
                if (value.Length >= MinimumLength) added |= _known.Add(value);
            // Longest first, so a value that contains another is masked whole.
            if (added) _values = [.. _known.OrderByDescending(v => v.Length)];
        }
    }

    public string Redact(string line)
    {
        var values = _values;
        foreach (var value in values)
            if (line.Contains(value, StringComparison.Ordinal)) line = line.Replace(value, Mask, StringComparison.Ordinal);
        return line;
    }
}
