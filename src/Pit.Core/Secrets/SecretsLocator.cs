namespace Pit.Core.Secrets;

/// <summary>Which secrets file a command uses: <c>--secrets PATH</c>, else <c>secrets_dir</c> in pit_config.toml, else <c>/etc/pit/secrets.toml</c> when it exists.</summary>
public static class SecretsLocator
{
    public const string SystemFile = "/etc/pit/secrets.toml";

    /// <returns>The path to read, or null when no secrets file is configured.</returns>
    public static string? Locate(string? commandLine, string? configured, string systemFile = SystemFile)
    {
        if (!string.IsNullOrWhiteSpace(commandLine)) return Path.GetFullPath(commandLine);
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        return File.Exists(systemFile) ? systemFile : null;
    }
}
