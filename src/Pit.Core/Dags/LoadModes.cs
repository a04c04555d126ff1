namespace Pit.Core.Dags;

/// <summary>How load modes are written: in pit.toml (<c>mode</c>), on the SDK socket and in logs.</summary>
public static class LoadModes
{
    public static IReadOnlyDictionary<string, LoadMode> ByName { get; } = new Dictionary<string, LoadMode>(StringComparer.Ordinal)
    {
        ["append"] = LoadMode.Append,
        ["truncate_and_load"] = LoadMode.TruncateAndLoad,
        ["create_or_replace"] = LoadMode.CreateOrReplace,
    };

    /// <summary>The written name of <paramref name="mode"/>: <c>truncate_and_load</c>, …</summary>
    public static string NameOf(LoadMode mode) => ByName.First(pair => pair.Value == mode).Key;
}
