using System.Text.Json.Nodes;
using Akka.Actor;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;
using Pit.Engine.Sdk;
using Pit.Engine.Streams;

namespace Pit.Engine.Control;

/// <summary>
/// <c>run ls | show | cancel | rerun | tail | events</c>, registered by the RunRegistry: the runs as the run
/// history tells them, asked of the registry; stopping a run this engine runs; rerunning an ended
/// run (asked of the Scheduler, trigger <c>rerun</c>); a run's task output as it is written
/// (<see cref="RunLogFollower"/>), and its journal.
/// </summary>
public sealed class RunPalette
{
    public const string Name = "run";

    public const int DefaultLimit = 20;
    public const int MaxLimit = 500;

    /// <summary>The reason a cancelled run records when the control channel stopped it.</summary>
    public const string CancelReason = "cancelled through the control channel";

    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(10);
    private static readonly IReadOnlyList<string> States = Enum.GetValues<RunStatus>().Select(StatusNames.Of).ToList();
    private static readonly ControlArg Id = new("id", "a run id", Values: ControlValues.Runs);

    private static readonly TimeSpan RerunTimeout = TimeSpan.FromSeconds(60);

    private readonly IActorRef _registry;
    private readonly ICanTell? _scheduler;
    private readonly Redactor _secrets;
    private readonly Func<RunHistoryReader> _history;
    private readonly RunLogFollower _logs;

    /// <param name="registry">The RunRegistry, which every command asks.</param>
    /// <param name="runsDir">Where the runs' folders (and task logs) are.</param>
    /// <param name="secrets">Masks secret values in what is shown of a run's parameters.</param>
    /// <param name="history">The run journal, made when first needed (<c>run events</c>).</param>
    /// <param name="scheduler">The Scheduler, which starts reruns; without one, <c>run rerun</c> answers an error.</param>
    public RunPalette(ActorSystem system, IActorRef registry, string runsDir, Redactor secrets, Func<RunHistoryReader> history, ICanTell? scheduler = null)
    {
        _registry = registry;
        _scheduler = scheduler;
        _secrets = secrets;
        _history = history;
        _logs = new RunLogFollower(system, runsDir, async (id, cancel) => (await FindAsync(id, cancel)).Run);
    }

    public ControlPalette Palette => new(Name, "runs: list, show, cancel, follow their output, read their journal",
    [
        new("ls", $"runs, newest first ({DefaultLimit} unless -n says)", ListAsync, Options:
        [
            new("dag", "only this DAG's runs", Values: ControlValues.Dags),
            new("state", $"only runs in this state: {string.Join(", ", States)}"),
            new("limit", $"at most so many runs, 1 to {MaxLimit}", Short: 'n'),
        ]),
        new("show", "a run and each of its tasks", ShowAsync, [Id]),
        new("cancel", "stop a running run: its tasks get SIGTERM, then SIGKILL after kill_grace", CancelAsync, [Id]),
        new("rerun", "a new run of an ended run, from its snapshot and a copy of its data: every task, or only some (the others are reused)", RerunAsync, [Id],
        [
            new("failed", "rerun the tasks that did not succeed and their dependents", Flag: true),
            new("from", "rerun this task and everything downstream of it"),
            new("task", "rerun exactly this task"),
        ]),
        new("tail", "the run's task output from the start of each log, as it is written, until the run ends", TailAsync,
            [Id, new("task", "only this task's output", Required: false)], Streams: true),
        new("events", "the run's journal: each event's type and fields", EventsAsync, [Id], Streams: true),
    ]);

    /// <summary>The ids of the active runs and of the latest ones, for completion.</summary>
    public async Task<IReadOnlyList<string>> IdsAsync(CancellationToken cancel)
    {
        var runs = (await _registry.Ask<RunRegistryQueries.RunList>(new RunRegistryQueries.ListRuns(null, null, MaxLimit), QueryTimeout, cancel)).Runs;
        return runs.Where(r => r.Status == RunStatus.Running).Concat(runs.Take(DefaultLimit)).Select(r => r.RunId).Distinct(StringComparer.Ordinal).ToList();
    }

    private async Task<JsonNode?> ListAsync(ControlCall call)
    {
        var state = call.Args.Get("state");
        if (state is not null && !States.Contains(state))
            throw ControlException.BadArgs($"{call.Args.Command}: unknown state '{state}'; states: {string.Join(", ", States)}", States);
        var limit = call.Args.Int("limit", DefaultLimit, min: 1, max: MaxLimit);
        var list = await _registry.Ask<RunRegistryQueries.RunList>(new RunRegistryQueries.ListRuns(call.Args.Get("dag"), state, limit), QueryTimeout, call.Cancel);
        return ControlJson.Array(list.Runs.Select(RunJson.Item));
    }

    private async Task<JsonNode?> ShowAsync(ControlCall call) => RunJson.Detail(await RequireAsync(call), _secrets);

    private async Task<JsonNode?> CancelAsync(ControlCall call)
    {
        var id = call.Args.Require(Id.Name);
        var reply = await _registry.Ask<object>(new RunRegistryCommands.Cancel(id, CancelReason), QueryTimeout, call.Cancel);
        return reply switch
        {
            RunRegistryCommands.Cancelling cancelling => new JsonObject { ["run_id"] = cancelling.RunId, ["state"] = "cancelling" },
            RunRegistryCommands.CancelRefused refused => throw new ControlException(refused.Code, refused.Reason),
            _ => throw new ControlException("internal", $"the run registry answered {reply.GetType().Name}"),
        };
    }

    /// <summary><c>{run_id, dag, rerun_of}</c> once the rerun started, <c>{queued, dag, rerun_of}</c> when it waits in line.</summary>
    private async Task<JsonNode?> RerunAsync(ControlCall call)
    {
        var id = call.Args.Require(Id.Name);
        var order = RerunWords.Order(id, call.Args.Flag("failed"), call.Args.Get("from"), call.Args.Get("task"), out var problem);
        if (order is null) throw ControlException.BadArgs($"{call.Args.Command}: {problem}");
        if (_scheduler is null) throw new ControlException("internal", "this engine has no scheduler to start a rerun");
        var reply = await _scheduler.Ask<object>(new SchedulerCommands.Rerun(order), RerunTimeout, call.Cancel);
        return reply switch
        {
            SchedulerCommands.TriggerAccepted accepted => new JsonObject { ["run_id"] = accepted.RunId, ["dag"] = accepted.Dag, ["rerun_of"] = id },
            SchedulerCommands.TriggerQueued queued => new JsonObject { ["queued"] = queued.Position, ["dag"] = queued.Dag, ["rerun_of"] = id },
            SchedulerCommands.TriggerRejected rejected => throw DagPalette.Refused(rejected),
            _ => throw new ControlException("internal", $"the scheduler answered {reply.GetType().Name}"),
        };
    }

    /// <summary>Sends <c>{task, line}</c> per line, then <c>{end, run_id, state}</c> once the run ended.</summary>
    private async Task<JsonNode?> TailAsync(ControlCall call)
    {
        var run = await RequireAsync(call);
        var task = call.Args.Get("task");
        if (task is not null && run.Task(task) is null)
        {
            var known = run.Tasks.Select(t => t.Name).ToList();
            throw ControlException.NotFound($"run '{run.RunId}' has no task '{task}'; its tasks: {(known.Count == 0 ? "none" : string.Join(", ", known))}", known);
        }
        await foreach (var step in _logs.FollowAsync(run.RunId, task, call.Cancel))
        {
            switch (step)
            {
                case RunLogFollower.Lines lines:
                    foreach (var line in lines.Text) await call.SendAsync(new JsonObject { ["task"] = lines.Task, ["line"] = line.Text });
                    break;
                case RunLogFollower.Ended ended:
                    await call.SendAsync(new JsonObject
                    {
                        ["end"] = true,
                        ["run_id"] = run.RunId,
                        ["state"] = StatusNames.Of((ended.Run ?? run).Status),
                    });
                    break;
            }
        }
        return null;
    }

    private async Task<JsonNode?> EventsAsync(ControlCall call)
    {
        var run = await RequireAsync(call);
        await foreach (var envelope in _history().EventsOf(run.RunId).WithCancellation(call.Cancel))
            await call.SendAsync(RunEventJson.Of(envelope.SequenceNr, envelope.Event, _secrets));
        return null;
    }

    /// <summary>The run named by the <c>id</c> argument, or a <c>not_found</c> error.</summary>
    private async Task<RunSummary> RequireAsync(ControlCall call)
    {
        var id = call.Args.Require(Id.Name);
        return (await FindAsync(id, call.Cancel)).Run ?? throw ControlException.NotFound($"no run '{id}' in the run history");
    }

    private Task<RunRegistryQueries.FoundRun> FindAsync(string id, CancellationToken cancel) =>
        _registry.Ask<RunRegistryQueries.FoundRun>(new RunRegistryQueries.GetRun(id), QueryTimeout, cancel);
}
