namespace Pit.Core.Validation;

/// <summary>Collects every error found while reading configuration, in the order found.</summary>
public sealed class ConfigErrorList
{
    private readonly List<ConfigError> _errors = [];

    public int Count => _errors.Count;

    public IReadOnlyList<ConfigError> Items => _errors;

    public void Add(ConfigError error) => _errors.Add(error);
}
