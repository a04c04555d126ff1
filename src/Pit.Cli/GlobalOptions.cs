using System.CommandLine;

namespace Pit.Cli;

/// <summary>Options every command accepts: where the workspace is, the secrets file, verbosity.</summary>
public static class GlobalOptions
{
    public static readonly Option<string?> ProjectDir = new("--project-dir")
    {
        Description = "Workspace root (the folder holding projects/); default: the first such folder at or above the current one",
        Recursive = true,
    };

    public static readonly Option<string?> Secrets = new("--secrets")
    {
        Description = "Secrets file (TOML); default: secrets_dir in pit_config.toml, else /etc/pit/secrets.toml",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show more detail",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(ProjectDir);
        root.Options.Add(Secrets);
        root.Options.Add(Verbose);
    }
}
