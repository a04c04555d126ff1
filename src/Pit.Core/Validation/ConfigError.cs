namespace Pit.Core.Validation;

/// <summary>
/// One problem found in a configuration file: where it is (file, 1-based line and column),
/// which field it concerns (e.g. <c>tasks[0].retries</c>) and what is wrong, for a person to read.
/// </summary>
public sealed record ConfigError(string File, int Line, int Column, string Field, string Message)
{
    public override string ToString() => Format(File);

    /// <summary>Formats as <c>file:line:col: field: message</c> with the file shown as given.</summary>
    public string Format(string shownFile) =>
        Line > 0
            ? $"{shownFile}:{Line}:{Column}: {FieldPrefix}{Message}"
            : $"{shownFile}: {FieldPrefix}{Message}";

    private string FieldPrefix => Field.Length > 0 ? Field + ": " : "";
}
