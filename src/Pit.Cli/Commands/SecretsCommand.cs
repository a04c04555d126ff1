using System.CommandLine;
using Pit.Cli.Output;
using Pit.Core.Secrets;
using Pit.Core.Validation;
using Pit.Core.Workspace;

namespace Pit.Cli.Commands;

/// <summary>
/// <c>pit secrets list [project]</c> (keys and scopes, never values) and <c>pit secrets check</c>
/// (every secret a pit.toml names exists where its project can resolve it).
/// </summary>
public static class SecretsCommand
{
    private static readonly Argument<string?> Project = new("project")
    {
        Description = "Only what this project can resolve: its own section, then [global]",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static Command Build(CliConsole console)
    {
        var command = new Command("secrets", "Inspect the secrets file (keys and scopes only, never values)");
        var list = new Command("list", "List the secrets' keys and scopes, never their values");
        list.Arguments.Add(Project);
        list.SetAction(parsed => List(parsed, console));
        var check = new Command("check", "Check that every secret named by a pit.toml exists for its project");
        check.SetAction(parsed => Check(parsed, console));
        command.Subcommands.Add(list);
        command.Subcommands.Add(check);
        command.Subcommands.Add(SecretsAudit.Build(console));
        return command;
    }

    private static int List(ParseResult parsed, CliConsole console)
    {
        ShortLivedCommand.Begin();
        var workspace = WorkspaceOption.Load(parsed, console);
        if (workspace is null) return ExitCodes.Failure;
        if (Open(parsed, workspace, console) is not { } secrets) return ExitCodes.Failure;
        if (!secrets.Exists)
        {
            console.Error($"error: no secrets file is configured (--secrets, secrets_dir in pit_config.toml, or {SecretsLocator.SystemFile})");
            return ExitCodes.Failure;
        }

        var project = parsed.GetValue(Project);
        var scopes = project is null ? secrets.Scopes.ToList() : SecretsFile.SearchOrder(project).ToList();
        var table = new TextTable("scope", "key", "kind", "line");
        var shadowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scope in scopes)
        {
            foreach (var secret in secrets.In(scope).OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                // With a project, a [global] key its own section also defines is not what it resolves.
                var hidden = project is not null && !shadowed.Add(secret.Key);
                table.Add(scope, secret.Key, Kind(secret) + (hidden ? " (shadowed)" : ""), secret.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        console.Line($"secrets file: {DisplayPath.Of(secrets.Path)}");
        if (table.Count == 0) console.Line(project is null ? "no secrets" : $"no secrets that project '{project}' can resolve");
        else table.WriteTo(console.Out);
        return ExitCodes.Success;
    }

    private static int Check(ParseResult parsed, CliConsole console)
    {
        ShortLivedCommand.Begin();
        var workspace = WorkspaceOption.Load(parsed, console);
        if (workspace is null) return ExitCodes.Failure;
        if (Open(parsed, workspace, console) is not { } secrets) return ExitCodes.Failure;

        var references = workspace.ValidDags.SelectMany(SecretReferences.Of).ToList();
        var missing = references.Where(r => !secrets.Resolve(r.Dag, r.Key).Found).ToList();
        foreach (var reference in missing)
            console.Error($"error: {DisplayPath.Of(reference.File)}: {reference.Field}: {secrets.Resolve(reference.Dag, reference.Key).Error}");
        foreach (var broken in workspace.Projects.Where(p => !p.IsValid))
            console.Error($"warning: {broken.Folder} is not valid and was not checked (run `pit validate`)");
        if (missing.Count > 0) return ExitCodes.Failure;
        console.Line(references.Count == 0
            ? "no pit.toml names a secret"
            : $"ok: {references.Count} secret reference(s), all found in {DisplayPath.Of(secrets.Path)}");
        return ExitCodes.Success;
    }

    /// <summary>The secrets file the command uses (<see cref="SecretsFile.None"/> when none is configured), or null after printing its errors.</summary>
    internal static SecretsFile? Open(ParseResult parsed, Workspace workspace, CliConsole console)
    {
        var path = SecretsLocator.Locate(parsed.GetValue(GlobalOptions.Secrets), workspace.Config.SecretsFile);
        if (path is null) return SecretsFile.None;
        var errors = new ConfigErrorList();
        var secrets = SecretsFileReader.Read(path, errors);
        foreach (var error in errors.Items) console.Error($"error: {error.Format(DisplayPath.Of(error.File))}");
        return secrets;
    }

    private static string Kind(Secret secret) => secret switch
    {
        Secret.Structured structured => $"fields: {string.Join(", ", structured.Fields.Keys)}",
        _ => "plain",
    };
}
