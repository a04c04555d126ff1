using System.Collections.Immutable;
using Pit.Engine.Protocol;

namespace Pit.Engine.Scheduling;

/// <summary>
/// The Scheduler's durable state, rebuilt from its events: each DAG's last fired occurrence, the
/// paused DAGs (and when each DAG was last resumed), and the triggers waiting in line, oldest
/// first. Pure: <see cref="Apply"/> returns a new state.
/// </summary>
public sealed record SchedulerState(
    ImmutableDictionary<string, DateTimeOffset> LastFires,
    ImmutableDictionary<string, DateTimeOffset> Paused,
    ImmutableDictionary<string, DateTimeOffset> Resumed,
    ImmutableList<SchedulerEvents.TriggerQueued> Queued)
{
    public static SchedulerState Empty { get; } = new(
        ImmutableDictionary.Create<string, DateTimeOffset>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, DateTimeOffset>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, DateTimeOffset>(StringComparer.Ordinal),
        []);

    public bool IsPaused(string dag) => Paused.ContainsKey(dag);

    /// <summary>The last occurrence the DAG's schedule fired, if it ever did.</summary>
    public DateTimeOffset? LastFire(string dag) => LastFires.TryGetValue(dag, out var at) ? at : null;

    /// <summary>When the DAG was last resumed after a pause, if ever.</summary>
    public DateTimeOffset? ResumedAt(string dag) => Resumed.TryGetValue(dag, out var at) ? at : null;

    public SchedulerState Apply(IPitEvent evt) => evt switch
    {
        SchedulerEvents.OccurrenceFired fired => LastFire(fired.Dag) is { } last && last >= fired.Occurrence
            ? this
            : this with { LastFires = LastFires.SetItem(fired.Dag, fired.Occurrence) },
        SchedulerEvents.DagPaused paused => this with { Paused = Paused.SetItem(paused.Dag, paused.At) },
        SchedulerEvents.DagResumed resumed => this with
        {
            Paused = Paused.Remove(resumed.Dag),
            Resumed = Resumed.SetItem(resumed.Dag, resumed.At),
        },
        SchedulerEvents.TriggerQueued queued => Queued.Exists(q => q.Id == queued.Id) ? this : this with { Queued = Queued.Add(queued) },
        SchedulerEvents.QueuedTriggerLeft left => this with { Queued = Queued.RemoveAll(q => q.Id == left.Id) },
        SchedulerEvents.SchedulerSnapshot snapshot => FromSnapshot(snapshot),
        _ => this,
    };

    public SchedulerEvents.SchedulerSnapshot ToSnapshot() => new(LastFires, Paused, Resumed, Queued);

    private static SchedulerState FromSnapshot(SchedulerEvents.SchedulerSnapshot snapshot) => new(
        snapshot.LastFires.ToImmutableDictionary(StringComparer.Ordinal),
        snapshot.Paused.ToImmutableDictionary(StringComparer.Ordinal),
        snapshot.Resumed.ToImmutableDictionary(StringComparer.Ordinal),
        [.. snapshot.Queued]);
}
