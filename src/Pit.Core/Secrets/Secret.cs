namespace Pit.Core.Secrets;

/// <summary>
/// One secret of the secrets file: a plain value (<c>claims_db = "postgres://…"</c>) or a
/// structured one (<c>[global.ftp_creds]</c> with <c>host</c>, <c>user</c>, <c>password</c>, …).
/// Its <see cref="ToString"/> never shows a value.
/// </summary>
public abstract record Secret
{
    /// <summary>Where it is defined: the section (<c>global</c> or a project) and the key.</summary>
    public required string Scope { get; init; }

    public required string Key { get; init; }

    /// <summary>The line of the secrets file that defines it (for messages; never its value).</summary>
    public int Line { get; init; }

    /// <summary>Every value it holds (a plain secret's one value, a structured secret's field values), for redaction.</summary>
    public abstract IEnumerable<string> Values { get; }

    public sealed record Plain : Secret
    {
        public required string Value { get; init; }

        public override IEnumerable<string> Values => [Value];

        public override string ToString() => $"secret {Scope}.{Key} (plain)";
    }

    /// <summary>Fields are strings, integers, floats or booleans, as written.</summary>
    public sealed record Structured : Secret
    {
        public required IReadOnlyDictionary<string, object> Fields { get; init; }

        public override IEnumerable<string> Values => Fields.Values.Select(SecretText.Of);

        public override string ToString() => $"secret {Scope}.{Key} (fields: {string.Join(", ", Fields.Keys)})";
    }
}

/// <summary>How a field value reads as text (for get_secret_field and redaction).</summary>
public static class SecretText
{
    public static string Of(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
