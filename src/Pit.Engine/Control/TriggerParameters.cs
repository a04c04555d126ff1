namespace Pit.Engine.Control;

/// <summary>
/// A trigger's parameters as typed after the DAG name: <c>key=value</c> words
/// (<c>date=2025-03-14 region=eu</c>). The key is everything before the first <c>=</c>, the value
/// everything after it (it may be empty, or hold more <c>=</c>).
/// </summary>
public static class TriggerParameters
{
    /// <summary>The parameters, or a <c>bad_args</c> error naming the word that is not <c>key=value</c>.</summary>
    /// <exception cref="ControlException">A word has no <c>=</c> or no key, or a key is given twice.</exception>
    public static IReadOnlyDictionary<string, string> Parse(IEnumerable<string> words)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            var equals = word.IndexOf('=');
            if (equals < 0) throw ControlException.BadArgs($"'{word}' is not a parameter: write key=value (e.g. date=2025-03-14)");
            var key = word[..equals].Trim();
            if (key.Length == 0) throw ControlException.BadArgs($"'{word}' has no key before '=': write key=value (e.g. date=2025-03-14)");
            if (!parameters.TryAdd(key, word[(equals + 1)..])) throw ControlException.BadArgs($"parameter '{key}' is given twice");
        }
        return parameters;
    }
}
