using Pit.Core.Toml;
using Pit.Core.Validation;
using Tomlyn.Model;

namespace Pit.Core.Secrets;

/// <summary>
/// Reads the secrets file. Every top-level key is a section (<c>[global]</c> or a project); in a
/// section, a string is a plain secret and a table is a structured one whose fields are strings,
/// numbers or booleans. Errors name the file, line and key, and never quote a value: a TOML syntax
/// error gives only its position, since the parser's message may echo the text around it.
/// </summary>
public static class SecretsFileReader
{
    public static SecretsFile? Read(string path, ConfigErrorList errors) =>
        TomlFile.ReadText(path, errors) is { } text ? Parse(path, text, errors) : null;

    public static SecretsFile? Parse(string path, string text, ConfigErrorList errors)
    {
        var parsed = new ConfigErrorList();
        var root = TomlFile.Parse(path, text, parsed);
        if (root is null)
        {
            foreach (var error in parsed.Items)
                errors.Add(error with { Message = "TOML syntax error in the secrets file (the parser's message is not shown: it may quote a secret)" });
            return null;
        }

        var before = errors.Count;
        var scopes = new Dictionary<string, IReadOnlyDictionary<string, Secret>>(StringComparer.Ordinal);
        foreach (var scope in root.Keys)
        {
            if (root.Raw(scope) is not TomlTable)
            {
                errors.Add(root.LocationOf(scope).Error(scope,
                    $"'{scope}' must be a section ([global] or [<project>]) holding secrets, not a value at the top level"));
                continue;
            }
            var section = root.Table(scope)!;
            var secrets = new Dictionary<string, Secret>(StringComparer.Ordinal);
            foreach (var key in section.Keys)
            {
                if (ReadSecret(section, scope, key, errors) is { } secret) secrets[key] = secret;
            }
            scopes[scope] = secrets;
        }
        return errors.Count > before ? null : new SecretsFile(path, scopes);
    }

    private static Secret? ReadSecret(TomlSection section, string scope, string key, ConfigErrorList errors)
    {
        var line = section.LocationOf(key).Line;
        switch (section.Raw(key))
        {
            case string value:
                return new Secret.Plain { Scope = scope, Key = key, Line = line, Value = value };
            case TomlTable table:
                var fields = new Dictionary<string, object>(StringComparer.Ordinal);
                var nested = section.Table(key)!;
                foreach (var (name, value) in table)
                {
                    if (value is string or long or double or bool) fields[name] = value;
                    else errors.Add(nested.LocationOf(name).Error(nested.FieldOf(name),
                        $"a field of a structured secret must be a string, number or boolean, not {Kind(value)}"));
                }
                return new Secret.Structured { Scope = scope, Key = key, Line = line, Fields = fields };
            case var other:
                errors.Add(section.LocationOf(key).Error(section.FieldOf(key),
                    $"a secret must be a string or a table of fields, not {Kind(other)}"));
                return null;
        }
    }

    /// <summary>What a value is, without showing it.</summary>
    private static string Kind(object? value) => value switch
    {
        long => "an integer",
        double => "a float",
        bool => "a boolean",
        TomlTable => "a table",
        TomlTableArray or TomlArray => "an array",
        null => "nothing",
        _ => "a date/time",
    };
}
