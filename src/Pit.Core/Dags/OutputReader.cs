using Pit.Core.Toml;
using Pit.Core.Validation;

namespace Pit.Core.Dags;

/// <summary>Reads <c>[[outputs]]</c>; any field beyond name/type/location/recipients is kept as metadata.</summary>
internal static class OutputReader
{
    private static readonly HashSet<string> Known = ["name", "type", "location", "recipients"];

    public static OutputDefinition? Read(TomlSection output)
    {
        var name = IntegrationReader.Required(output, "name", "what the output is called");
        var type = IntegrationReader.Required(output, "type", "e.g. table, file, email");
        var metadata = new Dictionary<string, string>();
        foreach (var key in output.Keys.Where(k => !Known.Contains(k)))
        {
            if (output.Raw(key) is Tomlyn.Model.TomlTable or Tomlyn.Model.TomlTableArray)
                output.Error(key, $"extra output fields are kept as text metadata: expected a string, number, boolean or array, got {TomlSection.Describe(output.Raw(key))}");
            else if (output.Text(key) is { } text)
                metadata[key] = text;
        }
        if (name is null || type is null) return null;
        return new OutputDefinition
        {
            Name = name,
            Type = type,
            Location = output.String("location"),
            Recipients = output.StringList("recipients") ?? [],
            Metadata = metadata,
        };
    }

    public static void CheckUnique(IReadOnlyList<OutputDefinition> outputs, TomlSection root, ConfigErrorList errors)
    {
        foreach (var group in outputs.GroupBy(o => o.Name).Where(g => g.Count() > 1))
            errors.Add(root.LocationOf("outputs").Error("outputs", $"output '{group.Key}' is declared {group.Count()} times"));
    }
}
