using Pit.Core.Toml;

namespace Pit.Core.Dags;

/// <summary>Reads <c>keep_artifacts = ["logs", "project", "data"]</c>.</summary>
public static class ArtifactList
{
    private static readonly Dictionary<string, RunArtifact> Names = new()
    {
        ["logs"] = RunArtifact.Logs,
        ["project"] = RunArtifact.Project,
        ["data"] = RunArtifact.Data,
    };

    public static IReadOnlyList<RunArtifact>? Read(TomlSection section, string key)
    {
        var items = section.StringList(key);
        if (items is null) return null;
        var result = new List<RunArtifact>();
        foreach (var item in items)
        {
            if (Names.TryGetValue(item, out var artifact)) result.Add(artifact);
            else section.Error(key, $"'{item}' is not one of logs, project, data");
        }
        return result;
    }
}
