using Pit.Core.Toml;
using Pit.Core.Validation;

namespace Pit.Core.Dags;

/// <summary>A DAG together with the parsed pit.toml it came from, so later checks can point at keys.</summary>
public sealed record DagSource(DagDefinition Dag, TomlSection Toml)
{
    /// <summary>An error at <c>key</c> inside the table at <c>tablePath</c> (e.g. "dag.requires", "tasks[2]").</summary>
    public ConfigError ErrorAt(string tablePath, string key, string message)
    {
        var table = Toml.Find(tablePath);
        var location = table?.LocationOf(key) ?? Toml.Location;
        return location.Error($"{tablePath}.{key}", message);
    }
}
