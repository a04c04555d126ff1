using Akka.Persistence.Journal;
using Pit.Engine.Protocol;

namespace Pit.Engine.Persistence;

/// <summary>
/// Write event adapter: tags every run event with <c>run</c> and <c>dag:&lt;name&gt;</c> so the read
/// side can query all runs or one DAG's runs (<c>CurrentEventsByTag</c>). The DAG comes from
/// <see cref="RunEvents.RunCreated.Dag"/> or, for the other events, from the run id
/// (<see cref="RunIds.DagOf"/>), so actors persist plain events. A run event whose id is not a
/// run id fails the write with a message naming it. A rerun's RunCreated is also tagged
/// <c>rerun-of:&lt;run id&gt;</c>, so the reruns of one run are found without reading every run.
/// The Scheduler's events are tagged <c>scheduler</c>; other events pass untagged.
/// </summary>
public sealed class RunEventTagger : IWriteEventAdapter
{
    public const string RunTag = "run";

    /// <summary>Every secret lookup through the SDK socket, for the audit (<c>pit secrets audit</c>).</summary>
    public const string SecretAccessTag = "secret-access";

    /// <summary>The Scheduler's events (fires, pauses, queued and refused triggers), for the history.</summary>
    public const string SchedulerTag = "scheduler";

    public static string DagTag(string dag) => "dag:" + dag;

    /// <summary>The tag of the RunCreated of every rerun of <paramref name="runId"/>.</summary>
    public static string RerunTag(string runId) => "rerun-of:" + runId;

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => evt switch
    {
        RunEvents.RunCreated { RerunOf: { } original } created => new Tagged(evt, [RunTag, DagTag(created.Dag), RerunTag(original)]),
        RunEvents.RunCreated created => new Tagged(evt, [RunTag, DagTag(created.Dag)]),
        RunEvents.SecretAccessed access => new Tagged(evt, [RunTag, DagTag(RunIds.DagOf(access.RunId)), SecretAccessTag]),
        IWithRunId run => new Tagged(evt, [RunTag, DagTag(RunIds.DagOf(run.RunId))]),
        SchedulerEvents.SchedulerSnapshot => evt,
        IPitEvent when evt.GetType().DeclaringType == typeof(SchedulerEvents) => new Tagged(evt, [SchedulerTag]),
        _ => evt,
    };
}
