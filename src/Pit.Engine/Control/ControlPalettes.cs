using System.Collections.Concurrent;
using Akka.Actor;

namespace Pit.Engine.Control;

/// <summary>
/// The control commands this service offers: each actor registers the palettes it owns when it
/// starts (again after a restart, replacing the old ones), so the control host lists and runs them
/// without knowing any. Completion values (<see cref="ControlValues"/>) are registered the same way.
/// </summary>
public sealed class ControlPalettes : IExtension
{
    private readonly ConcurrentDictionary<string, ControlPalette> _palettes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<CancellationToken, Task<IReadOnlyList<string>>>> _values = new(StringComparer.Ordinal);

    public static ControlPalettes For(ActorSystem system) => system.WithExtension<ControlPalettes, ControlPalettesProvider>();

    /// <summary>Adds <paramref name="palette"/>, or replaces the palette of that name.</summary>
    public void Register(ControlPalette palette) => _palettes[palette.Name] = palette;

    /// <summary>Says how to list the values of a completion kind (<see cref="ControlValues"/>).</summary>
    public void RegisterValues(string kind, Func<CancellationToken, Task<IReadOnlyList<string>>> values) => _values[kind] = values;

    public ControlPalette? Find(string name) => _palettes.GetValueOrDefault(name);

    /// <summary>Every palette, by name.</summary>
    public IReadOnlyList<ControlPalette> All => _palettes.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();

    /// <summary>The values of <paramref name="kind"/> (empty for a kind nobody registered).</summary>
    public Task<IReadOnlyList<string>> ValuesAsync(string kind, CancellationToken cancel) =>
        _values.TryGetValue(kind, out var values) ? values(cancel) : Task.FromResult<IReadOnlyList<string>>([]);
}

public sealed class ControlPalettesProvider : ExtensionIdProvider<ControlPalettes>
{
    public override ControlPalettes CreateExtension(ExtendedActorSystem system) => new();
}
