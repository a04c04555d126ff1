using Pit.Core.Validation;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Pit.Core.Toml;

/// <summary>
/// Reads a TOML file with <see cref="TomlSerializer"/> into its untyped model, keeping the source
/// position of every key so that later checks can point at the exact line and column.
/// </summary>
public static class TomlFile
{
    /// <summary>Parses <paramref name="text"/>; a syntax error becomes a <see cref="ConfigError"/>.</summary>
    public static TomlSection? Parse(string file, string text, ConfigErrorList errors)
    {
        var store = new KeyPositionStore();
        var options = new TomlSerializerOptions { SourceName = file, MetadataStore = store };
        try
        {
            var table = TomlSerializer.Deserialize<TomlTable>(text, options) ?? new TomlTable();
            return new TomlSection(table, store, text, "", null, SourceLocation.StartOf(file), errors);
        }
        catch (TomlException ex)
        {
            var message = ex.Diagnostics is { Count: > 0 } diagnostics
                ? diagnostics[0].Message
                : ex.Message;
            errors.Add(new ConfigError(file, Math.Max(ex.Line ?? 1, 1), Math.Max(ex.Column ?? 1, 1), "", $"TOML syntax error: {message}"));
            return null;
        }
    }

    /// <summary>Reads and parses a file from disk; an unreadable file becomes an error.</summary>
    public static TomlSection? Load(string path, ConfigErrorList errors) =>
        ReadText(path, errors) is { } text ? Parse(path, text, errors) : null;

    /// <summary>A file's text, or null after adding why it cannot be read.</summary>
    public static string? ReadText(string path, ConfigErrorList errors)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add(new ConfigError(path, 0, 0, "", $"cannot read file: {ex.Message}"));
            return null;
        }
    }
}
