namespace Pit.Core.Validation;

/// <summary>A place in a configuration file; line and column are 1-based, 0 when unknown.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public static SourceLocation StartOf(string file) => new(file, 1, 1);

    public ConfigError Error(string field, string message) => new(File, Line, Column, field, message);
}
