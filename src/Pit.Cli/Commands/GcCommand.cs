using System.CommandLine;
using System.Globalization;
using Pit.Cli.Output;
using Pit.Core.Time;
using Pit.Core.Workspace;
using Pit.Engine.Persistence.ReadModels;

namespace Pit.Cli.Commands;

/// <summary>
/// <c>pit gc [--dry-run] [--json]</c>: removes the finished runs older than <c>[retention] runs</c>
/// (their run folders, journal events, history and audit rows; the run's summary row stays, so
/// <c>pit status</c> still lists it). <c>--dry-run</c> lists what would go and deletes nothing.
/// Never a run whose state is <c>running</c>.
/// </summary>
public static class GcCommand
{
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "List the runs that would be removed; delete nothing" };
    private static readonly Option<bool> Json = new("--json") { Description = "Write the result as JSON" };

    public static Command Build(CliConsole console)
    {
        var command = new Command("gc", "Remove finished runs older than [retention] runs in pit_config.toml (folders and journal events)");
        command.Options.Add(DryRun);
        command.Options.Add(Json);
        command.SetAction((parsed, cancel) => Task.FromResult(Execute(parsed, console, cancel)));
        return command;
    }

    private static int Execute(ParseResult parsed, CliConsole console, CancellationToken cancel)
    {
        var workspace = WorkspaceOption.Load(parsed, console);
        if (workspace is null) return ExitCodes.Failure;
        if (workspace.ConfigErrors.Count > 0)
        {
            foreach (var error in workspace.ConfigErrors) console.Error($"error: {error.Format(DisplayPath.Of(error.File))}");
            console.Error("error: pit_config.toml is not valid; nothing was removed (run `pit validate`)");
            return ExitCodes.Failure;
        }
        var json = parsed.GetValue(Json);
        var dryRun = parsed.GetValue(DryRun);
        if (workspace.Config.Retention is not { } retention)
        {
            if (json) JsonOutput.Write(console.Out, new GcJson(dryRun, null, [], 0, 0, 0));
            else console.Line($"no [retention] in {WorkspaceConfigReader.FileName}: every run is kept (add e.g. [retention] runs = \"30d\")");
            return ExitCodes.Success;
        }

        var sweep = new RunRetention(HistoryAccess.Open(workspace), workspace.Config.RunsDir);
        var expired = sweep.Find(retention.Runs, DateTimeOffset.UtcNow, cancel: cancel);
        var collected = dryRun ? new RunRetention.Collected(expired, expired.Sum(r => r.FolderBytes), 0) : sweep.Collect(expired, cancel);
        var keep = DurationText.Format(retention.Runs);
        if (json)
        {
            JsonOutput.Write(console.Out, new GcJson(dryRun, keep,
                collected.Runs.Select(r => new GcRunJson(r.RunId, r.Dag, r.State, r.Ended, DisplayPath.Of(r.Folder), r.FolderBytes)).ToList(),
                collected.Runs.Count, collected.BytesFreed, collected.EventsDeleted));
            return ExitCodes.Success;
        }
        if (collected.Runs.Count > 0)
        {
            var table = new TextTable("RUN", "DAG", "STATE", "FINISHED", "FOLDER SIZE");
            foreach (var run in collected.Runs)
                table.Add(run.RunId, run.Dag, run.State, run.Ended.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture), Bytes(run.FolderBytes));
            table.WriteTo(console.Out);
        }
        console.Line(dryRun
            ? $"dry run: {collected.Runs.Count} run(s) older than {keep} would be removed, freeing {Bytes(collected.BytesFreed)}; nothing was deleted"
            : $"removed {collected.Runs.Count} run(s) older than {keep}: {Bytes(collected.BytesFreed)} freed, {collected.EventsDeleted} journal event(s) deleted");
        return ExitCodes.Success;
    }

    private static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.0} GiB"),
    };

    private sealed record GcJson(bool DryRun, string? Retention, IReadOnlyList<GcRunJson> Runs, int RunsRemoved, long BytesFreed, long EventsDeleted);

    private sealed record GcRunJson(string RunId, string Dag, string State, DateTimeOffset Finished, string Folder, long FolderBytes);
}
