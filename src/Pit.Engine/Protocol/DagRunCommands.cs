using Pit.Core.Dags;
using Pit.Engine.Runs;

namespace Pit.Engine.Protocol;

/// <summary>What a DagRun accepts, and what it answers.</summary>
public static class DagRunCommands
{
    /// <summary>
    /// Create the run (snapshot, plan) and start its ready tasks. Idempotent per run id. A
    /// <paramref name="Rerun"/> copies the rerun run's snapshot and data folder instead of the project.
    /// </summary>
    public sealed record StartRun(
        string RunId,
        DagDefinition Dag,
        IReadOnlyList<RunEvents.PlannedTask> Plan,
        string Trigger,
        IReadOnlyDictionary<string, string> Parameters,
        DateTimeOffset? LogicalTime = null,
        Rerun? Rerun = null) : IWithRunId;

    /// <summary>Stop the run: running tasks get SIGTERM, the run is recorded as cancelled.</summary>
    public sealed record CancelRun(string RunId, string Reason) : IWithRunId;

    public sealed record GetRunState(string RunId) : IWithRunId;

    /// <summary>
    /// Wake a run that has no actor (after a restart or crash): it recovers from its journal and,
    /// if unfinished, carries on (tasks recorded as running count as interrupted). Answered with <see cref="RunResumed"/>.
    /// </summary>
    public sealed record ResumeRun(string RunId) : IWithRunId;

    /// <param name="Finished">True when the journal says the run had ended (or holds nothing for it): nothing resumes.</param>
    public sealed record RunResumed(string RunId, string Dag, bool Finished);

    /// <summary>Persist that a task of the run looked a secret up (the SecretsVault sends it, addressed by run id).</summary>
    public sealed record RecordSecretAccess(string RunId, string Task, int Attempt, string Key, bool Found) : IWithRunId;

    /// <summary>The access is in the run's journal.</summary>
    public sealed record SecretAccessRecorded(string RunId);

    public sealed record RunStarted(string RunId);

    public sealed record RunNotStarted(string RunId, string Reason);

    public sealed record RunNotFound(string RunId);
}

/// <summary>Between a DagRun and its TaskRunners.</summary>
public static class TaskRunnerMessages
{
    public sealed record RunAttempt(Runners.TaskLaunch Launch);

    public sealed record CancelAttempt(string Reason);

    public sealed record AttemptStarted(string Task, int Attempt, int Pid);

    public sealed record AttemptFinished(string Task, int Attempt, Runners.TaskOutcome Outcome);
}

/// <summary>What the Scheduler accepts: triggers from the CLI, cron and the HTTP API.</summary>
public static class SchedulerCommands
{
    /// <param name="Task">Run only this task (no dependencies), or null for the whole DAG.</param>
    /// <param name="LogicalTime">The schedule occurrence the run stands for (a backfill's), or null.</param>
    public sealed record TriggerRun(
        string Dag,
        string? Task,
        string Trigger,
        IReadOnlyDictionary<string, string> Parameters,
        DateTimeOffset? LogicalTime = null);

    /// <summary>
    /// Start a new run (trigger <c>rerun</c>) from an ended run's snapshot and a copy of its data
    /// folder; answered like <see cref="TriggerRun"/>: <see cref="TriggerAccepted"/>,
    /// <see cref="TriggerQueued"/>, or <see cref="TriggerRejected"/> (an unknown run or task, a run
    /// still running, a snapshot that was deleted, nothing to rerun).
    /// </summary>
    public sealed record Rerun(RerunOrder Order);

    public sealed record TriggerAccepted(string RunId, string Dag);

    /// <summary><see cref="Overlap"/>: the DAG has an active run and its overlap policy is <c>skip</c> (the trigger is dropped and logged).</summary>
    /// <summary><see cref="RequirementsUnmet"/>: the DAG's <c>[dag.requires]</c> do not hold now (the service checks them; <c>pit run</c> does not).</summary>
    /// <summary><see cref="UnknownRun"/>, <see cref="RunActive"/>, <see cref="NotRerunnable"/>: a rerun of no such run, of a run still running, or of one whose snapshot is gone (or with nothing to rerun).</summary>
    public enum RejectionKind { UnknownDag, UnknownTask, InvalidProject, NotStarted, Overlap, ShuttingDown, RequirementsUnmet, UnknownRun, RunActive, NotRerunnable }

    /// <summary>The DAG's overlap policy is <c>queue</c> and a run is active: the trigger waits, <paramref name="Position"/> in line (1 = next).</summary>
    public sealed record TriggerQueued(string Dag, int Position);

    /// <summary>From now on, refuse every trigger (<see cref="RejectionKind.ShuttingDown"/>) and fire no schedule: the service is stopping.</summary>
    public sealed record StopTriggers;

    /// <summary>Reply to <see cref="StopTriggers"/>.</summary>
    public sealed record TriggersStopped;

    /// <param name="Known">The names the caller could have meant (DAGs or tasks), for the message.</param>
    public sealed record TriggerRejected(RejectionKind Kind, string Reason, IReadOnlyList<string> Known);

    /// <summary>Stop firing the DAG's schedule (persisted); answered with <see cref="PauseChanged"/>, or <see cref="TriggerRejected"/> for an unknown DAG.</summary>
    public sealed record PauseDag(string Dag);

    /// <summary>Fire the DAG's schedule again (persisted); answered like <see cref="PauseDag"/>.</summary>
    public sealed record ResumeDag(string Dag);

    /// <param name="Changed">False when the DAG already was in that state.</param>
    public sealed record PauseChanged(string Dag, bool Paused, bool Changed);
}

/// <summary>Questions to the Scheduler.</summary>
public static class SchedulerQueries
{
    /// <summary>Every DAG the scheduler knows, with its schedule; answered with <see cref="DagSchedules"/>.</summary>
    public sealed record GetDags;

    /// <param name="NextFire">The next cron occurrence (UTC); null without a schedule.</param>
    /// <param name="ActiveRuns">Run ids of this DAG that have started and not finished.</param>
    /// <param name="Queued">Triggers waiting for an active run to end (overlap = queue).</param>
    /// <param name="Paused">The DAG's schedule does not fire (pause / resume).</param>
    public sealed record DagSchedule(
        string Dag,
        string? Schedule,
        string? Timezone,
        DateTimeOffset? NextFire,
        Core.Dags.OverlapPolicy Overlap,
        IReadOnlyList<string> ActiveRuns,
        int Queued,
        bool Paused = false);

    /// <param name="InvalidProjects">Project folders whose pit.toml does not validate, with their first error.</param>
    public sealed record DagSchedules(IReadOnlyList<DagSchedule> Dags, IReadOnlyList<string> InvalidProjects)
    {
        /// <summary>Projects whose pit.toml failed the last reload: each keeps its last good version, as <c>folder: error</c>.</summary>
        public IReadOnlyList<string> ReloadErrors { get; init; } = [];

        /// <summary>How late the cron fires were since the service started.</summary>
        public Scheduling.SchedulerLag Lag { get; init; } = Scheduling.SchedulerLag.None;
    }

    /// <summary>Every active run of every DAG; answered with <see cref="ActiveRuns"/>.</summary>
    public sealed record GetActiveRuns;

    public sealed record ActiveRuns(IReadOnlyList<string> RunIds);

    /// <summary>What the Scheduler holds now, from its own state (no catalog round trip); answered with <see cref="Overview"/>.</summary>
    public sealed record GetOverview;

    /// <param name="Paused">Every paused DAG, by name.</param>
    /// <param name="Timers">Each armed schedule's next occurrence (UTC), by DAG.</param>
    /// <param name="Queues">Triggers waiting (behind an active run, or for a run slot), per DAG that has any.</param>
    /// <param name="ActiveRuns">Runs started and not finished.</param>
    public sealed record Overview(IReadOnlyList<string> Paused, IReadOnlyList<ArmedTimer> Timers, IReadOnlyList<QueuedTriggers> Queues, int ActiveRuns);

    public sealed record ArmedTimer(string Dag, DateTimeOffset NextFire);

    public sealed record QueuedTriggers(string Dag, int Queued);

    /// <summary>
    /// The next <paramref name="Count"/> occurrences of the DAG's schedule; answered with <see cref="NextFires"/>,
    /// or <see cref="SchedulerCommands.TriggerRejected"/> for a DAG the catalog does not know or cannot load.
    /// </summary>
    public sealed record GetNextFires(string Dag, int Count);

    /// <param name="Next">UTC, oldest first; empty without a schedule.</param>
    public sealed record NextFires(string Dag, string? Schedule, string? Timezone, bool Paused, IReadOnlyList<DateTimeOffset> Next);
}

/// <summary>Questions to the ProjectCatalog.</summary>
public static class CatalogQueries
{
    public sealed record GetDag(string Name);

    /// <summary>The DAG if it exists and is valid; else what went wrong and the known DAG names.</summary>
    public sealed record DagLookup(string Name, DagDefinition? Dag, IReadOnlyList<string> Errors, IReadOnlyList<string> KnownDags);

    /// <summary>Every project of the workspace; answered with <see cref="DagList"/>.</summary>
    public sealed record ListDags;

    /// <param name="Dags">The valid DAGs, by name.</param>
    /// <param name="InvalidProjects">Each project folder that does not validate, as <c>folder: first error</c>.</param>
    public sealed record DagList(IReadOnlyList<DagDefinition> Dags, IReadOnlyList<string> InvalidProjects)
    {
        /// <summary>Projects whose pit.toml failed the last reload and kept their last good version, as <c>folder: error</c>.</summary>
        public IReadOnlyList<string> ReloadErrors { get; init; } = [];
    }
}

/// <summary>What the ProjectCatalog accepts.</summary>
public static class CatalogCommands
{
    /// <summary>Read the workspace from disk again, validate it, and swap in what is valid; answered with <see cref="Reloaded"/>.</summary>
    /// <param name="Cause">What asked for it (SIGHUP, the API, a changed file), for the log.</param>
    public sealed record Reload(string Cause);

    /// <summary>
    /// The outcome of a reload, also published on the event stream: how many valid DAGs the catalog
    /// now has, and what did not validate (each such project kept its last good version; an invalid
    /// pit_config.toml kept the whole catalog).
    /// </summary>
    public sealed record Reloaded(int Dags, IReadOnlyList<string> Errors, DateTimeOffset At);
}
