using System.CommandLine;
using System.Globalization;
using Pit.Cli.Output;
using Pit.Core.Time;
using Pit.Core.Workspace;
using Pit.Engine.Persistence;
using Pit.Engine.Persistence.ReadModels;
using Pit.Engine.Sdk;

namespace Pit.Cli.Commands;

/// <summary>
/// <c>pit history [dag | run-id] [--since 24h] [--until T] [--task T] [--json] [--follow]</c>: the
/// event timeline from the history read model (caught up from the journal first): triggers, task
/// attempts, retries, skips, secret accesses (keys only), context sets and final states.
/// <c>pit history --rebuild</c> drops every read model and projects the whole journal again.
/// </summary>
public static class HistoryCommand
{
    /// <summary>The window without <c>--since</c>, for a DAG or every DAG (a run's timeline is shown whole).</summary>
    public static readonly TimeSpan DefaultSince = TimeSpan.FromHours(24);

    private static readonly TimeSpan FollowPoll = TimeSpan.FromMilliseconds(200);

    private static readonly Argument<string?> Target = new("dag-or-run")
    {
        Description = "A DAG name, or a run id for that run's events (default: every DAG)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<string?> Since = new("--since") { Description = "Only events within this long (e.g. 30m, 24h, 7d) or since this time (ISO-8601); default 24h, a run's whole timeline for a run id" };
    private static readonly Option<string?> Until = new("--until") { Description = "Only events up to this time (ISO-8601) or this long ago (e.g. 1h)" };
    private static readonly Option<string?> Task = new("--task") { Description = "Only this task's events" };
    private static readonly Option<bool> Json = new("--json") { Description = "One JSON object per event and line" };
    private static readonly Option<bool> Follow = new("--follow", "-f") { Description = "Keep printing new events until Ctrl-C" };
    private static readonly Option<bool> Rebuild = new("--rebuild") { Description = "Drop every read model and rebuild it from the whole journal" };

    public static Command Build(CliConsole console)
    {
        var command = new Command("history", "Show the event timeline of runs from the journal's history");
        command.Arguments.Add(Target);
        command.Options.Add(Since);
        command.Options.Add(Until);
        command.Options.Add(Task);
        command.Options.Add(Json);
        command.Options.Add(Follow);
        command.Options.Add(Rebuild);
        command.SetAction((parsed, cancel) => ExecuteAsync(parsed, console, cancel));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parsed, CliConsole console, CancellationToken cancel)
    {
        var now = DateTimeOffset.UtcNow;
        var target = parsed.GetValue(Target);
        if (parsed.GetValue(Rebuild))
        {
            if (target is not null || parsed.GetValue(Follow) || parsed.GetValue(Since) is not null || parsed.GetValue(Until) is not null || parsed.GetValue(Task) is not null)
            {
                console.Error("error: --rebuild takes no DAG, run id or filter");
                return ExitCodes.Usage;
            }
            return RebuildAll(parsed, console);
        }
        if (!TryMoment(parsed.GetValue(Since), "--since", now, console, out var since)) return ExitCodes.Usage;
        if (!TryMoment(parsed.GetValue(Until), "--until", now, console, out var until)) return ExitCodes.Usage;
        if (until is not null && parsed.GetValue(Follow))
        {
            console.Error("error: --until and --follow do not go together (--follow prints events as they come)");
            return ExitCodes.Usage;
        }

        var workspace = WorkspaceOption.Load(parsed, console);
        if (workspace is null) return ExitCodes.Failure;
        if (SecretsCommand.Open(parsed, workspace, console) is not { } secretsFile) return ExitCodes.Failure;
        var secrets = Redactor.Of(secretsFile, workspace.Config.ApiToken);
        var model = HistoryAccess.Open(workspace);
        var task = parsed.GetValue(Task);

        HistoryFilter filter;
        if (target is not null && RunIds.TryDagOf(target, out var dagOfRun))
        {
            var run = model.Read(connection => RunQueries.Get(connection, target), cancel);
            if (run is null) return UnknownRun(console, model, target, dagOfRun);
            if (task is not null && run.Task(task) is null)
            {
                console.Error($"error: run {run.RunId} has no task '{task}'; its tasks: {string.Join(", ", run.Tasks.Select(t => t.Name))}");
                return ExitCodes.Usage;
            }
            filter = new HistoryFilter(RunId: target, Task: task, Since: since, Until: until);
        }
        else
        {
            if (target is not null && !KnownDags(model, workspace).Contains(target))
            {
                console.Error($"error: unknown DAG '{target}'; known DAGs: {string.Join(", ", KnownDags(model, workspace))}");
                return ExitCodes.Usage;
            }
            filter = new HistoryFilter(Dag: target, Task: task, Since: since ?? now - DefaultSince, Until: until);
        }

        var timeline = new HistoryTimeline(console.Out, secrets, parsed.GetValue(Json), showRun: filter.RunId is null);
        var shown = model.Read(connection => RunQueries.History(connection, filter), cancel);
        timeline.Write(shown);
        var last = shown.Count == 0 ? 0 : shown[^1].Offset;
        if (!parsed.GetValue(Follow))
        {
            if (shown.Count == 0 && !parsed.GetValue(Json)) console.Line(NothingYet(filter));
            return ExitCodes.Success;
        }
        console.Out.Flush();
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                await System.Threading.Tasks.Task.Delay(FollowPoll, cancel);
                var after = last;
                var more = model.Read(connection => RunQueries.History(connection, filter, after), cancel);
                if (more.Count == 0) continue;
                timeline.Write(more);
                last = more[^1].Offset;
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C: the end of a follow.
        }
        console.Out.Flush();
        return ExitCodes.Success;
    }

    private static int RebuildAll(ParseResult parsed, CliConsole console)
    {
        var workspace = WorkspaceOption.Load(parsed, console);
        if (workspace is null) return ExitCodes.Failure;
        var rebuilt = HistoryAccess.Open(workspace).Rebuild();
        console.Line(string.Create(CultureInfo.InvariantCulture,
            $"rebuilt the read models from {rebuilt.Events} journal event(s) in {rebuilt.Took.TotalSeconds:0.000}s ({rebuilt.EventsPerSecond:0} events/s)"));
        return ExitCodes.Success;
    }

    /// <summary>A duration back from <paramref name="now"/> (<c>24h</c>) or an ISO-8601 time; null when not given; false after printing why not.</summary>
    private static bool TryMoment(string? text, string option, DateTimeOffset now, CliConsole console, out DateTimeOffset? moment)
    {
        moment = null;
        if (text is null) return true;
        if (RunCursor.TryParseTime(text, out var time))
        {
            moment = time;
            return true;
        }
        if (DurationText.TryParse(text, out var span, out _) && span > TimeSpan.Zero)
        {
            moment = now - span;
            return true;
        }
        console.Error($"error: {option}: '{text}' is neither a positive duration (e.g. 30m, 24h, 7d) nor an ISO-8601 time (e.g. 2025-03-14T09:30:00Z)");
        return false;
    }

    private static SortedSet<string> KnownDags(RunReadModel model, Workspace workspace) =>
        new(workspace.DagNames.Concat(model.Read(RunQueries.Dags)), StringComparer.Ordinal);

    private static int UnknownRun(CliConsole console, RunReadModel model, string runId, string dag)
    {
        var latest = model.Read(connection => RunQueries.List(connection, dag, null, null, 5, withTasks: false)).Select(r => r.RunId).ToList();
        console.Error(latest.Count == 0
            ? $"error: no run '{runId}' in the run history; {dag} has no runs"
            : $"error: no run '{runId}' in the run history; latest runs of {dag}: {string.Join(", ", latest)}");
        return ExitCodes.Usage;
    }

    private static string NothingYet(HistoryFilter filter) =>
        filter.RunId is not null ? $"no events of run {filter.RunId} match"
        : $"no events{(filter.Dag is null ? "" : " of " + filter.Dag)}{(filter.Task is null ? "" : " for task " + filter.Task)} in that window";
}
