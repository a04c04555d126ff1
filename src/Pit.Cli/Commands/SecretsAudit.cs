using System.CommandLine;
using System.Globalization;
using Pit.Cli.Output;
using Pit.Core.Time;
using Pit.Engine.Persistence;
using Pit.Engine.Persistence.ReadModels;

namespace Pit.Cli.Commands;

/// <summary><c>pit secrets audit [--dag D] [--since 1h] [--json]</c>: every secret lookup tasks made, from the audit read model (keys only, never values).</summary>
public static class SecretsAudit
{
    private static readonly Option<string?> Dag = new("--dag") { Description = "Only lookups made by this DAG's runs" };
    private static readonly Option<string?> Since = new("--since") { Description = "Only lookups within this long, e.g. 1h, 7d" };
    private static readonly Option<bool> Json = new("--json") { Description = "Write the result as JSON" };

    public static Command Build(CliConsole console)
    {
        var command = new Command("audit", "List the secret lookups tasks made through the SDK socket (keys, never values)");
        command.Options.Add(Dag);
        command.Options.Add(Since);
        command.Options.Add(Json);
        command.SetAction((parsed, _) => ExecuteAsync(parsed, console));
        return command;
    }

    private static Task<int> ExecuteAsync(ParseResult parsed, CliConsole console) => Task.FromResult(Execute(parsed, console));

    private static int Execute(ParseResult parsed, CliConsole console)
    {
        TimeSpan? since = null;
        if (parsed.GetValue(Since) is { } text)
        {
            if (!DurationText.TryParse(text, out var window, out var problem) || window <= TimeSpan.Zero)
            {
                console.Error($"error: --since: '{text}' is not a positive duration (e.g. 30m, 1h, 7d){(string.IsNullOrEmpty(problem) ? "" : ": " + problem)}");
                return ExitCodes.Usage;
            }
            since = window;
        }
        var workspace = WorkspaceOption.Load(parsed, console);
        if (workspace is null) return ExitCodes.Failure;
        var dag = parsed.GetValue(Dag);

        var accesses = HistoryAccess.Read(workspace, RunQueries.SecretAccesses);
        var from = since is { } s ? DateTimeOffset.UtcNow - s : DateTimeOffset.MinValue;
        var shown = accesses
            .Where(a => a.At >= from && (dag is null || RunIds.DagOf(a.RunId) == dag))
            .ToList();

        if (parsed.GetValue(Json))
        {
            JsonOutput.Write(console.Out, shown.Select(a => new
            {
                at = a.At, run = a.RunId, dag = RunIds.DagOf(a.RunId), task = a.Task, attempt = a.Attempt, key = a.Key, found = a.Found,
            }));
            return ExitCodes.Success;
        }
        if (shown.Count == 0)
        {
            console.Line("no secret lookups recorded" + (dag is null && since is null ? "" : " that match"));
            return ExitCodes.Success;
        }
        var table = new TextTable("time (UTC)", "run", "task", "key", "found");
        foreach (var access in shown)
            table.Add(access.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), access.RunId,
                $"{access.Task} (attempt {access.Attempt})", access.Key, access.Found ? "yes" : "no");
        table.WriteTo(console.Out);
        return ExitCodes.Success;
    }
}
