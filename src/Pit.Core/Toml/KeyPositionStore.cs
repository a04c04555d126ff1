using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Pit.Core.Toml;

/// <summary>
/// Keeps the key positions Tomlyn reports while parsing one file. A plain dictionary keyed by
/// table identity: Tomlyn's default store is a ConditionalWeakTable, whose weak handles and
/// finalizers cost more than the parse itself when a workspace has hundreds of files.
/// </summary>
internal sealed class KeyPositionStore : ITomlMetadataStore
{
    private readonly Dictionary<object, TomlPropertiesMetadata> _tables = new(ReferenceEqualityComparer.Instance);

    public bool TryGetProperties(object instance, out TomlPropertiesMetadata? properties) =>
        _tables.TryGetValue(instance, out properties);

    public void SetProperties(object instance, TomlPropertiesMetadata? properties)
    {
        if (properties is null) _tables.Remove(instance);
        else _tables[instance] = properties;
    }
}
