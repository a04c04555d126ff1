namespace Pit.Core.Secrets;

/// <summary>
/// The secrets file, read: <c>[global]</c> and one section per project. A task resolves a key in
/// its own project's section first, then in <c>[global]</c>, and never in another project's.
/// </summary>
public sealed class SecretsFile
{
    public const string GlobalScope = "global";

    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, Secret>> _scopes;

    public SecretsFile(string path, IReadOnlyDictionary<string, IReadOnlyDictionary<string, Secret>> scopes)
    {
        Path = path;
        _scopes = scopes;
    }

    /// <summary>No secrets file: every lookup fails, saying that none is configured.</summary>
    public static SecretsFile None { get; } = new("", new Dictionary<string, IReadOnlyDictionary<string, Secret>>());

    public string Path { get; }

    public bool Exists => Path.Length > 0;

    /// <summary>The sections in file order: <c>global</c> and the projects.</summary>
    public IEnumerable<string> Scopes => _scopes.Keys;

    public IEnumerable<Secret> In(string scope) =>
        _scopes.TryGetValue(scope, out var secrets) ? secrets.Values : [];

    /// <summary>The secret <paramref name="key"/> as <paramref name="project"/> sees it: its section, then <c>[global]</c>.</summary>
    public SecretLookup Resolve(string project, string key)
    {
        foreach (var scope in SearchOrder(project))
            if (_scopes.TryGetValue(scope, out var secrets) && secrets.TryGetValue(key, out var secret))
                return new SecretLookup(secret, null);
        return new SecretLookup(null, NotFound(project, key));
    }

    /// <summary>A project's own section, then <c>[global]</c>.</summary>
    public static IReadOnlyList<string> SearchOrder(string project) =>
        project == GlobalScope ? [GlobalScope] : [project, GlobalScope];

    private string NotFound(string project, string key)
    {
        if (!Exists) return $"secret '{key}' not found: no secrets file is configured (--secrets, secrets_dir in pit_config.toml, or /etc/pit/secrets.toml)";
        var searched = string.Join(" and ", SearchOrder(project).Select(s => $"[{s}]"));
        return $"secret '{key}' not found for project '{project}': searched {searched} in {Path}";
    }
}

/// <summary>A resolved secret, or why there is none (a message that names the key, never a value).</summary>
public sealed record SecretLookup(Secret? Secret, string? Error)
{
    public bool Found => Secret is not null;
}
