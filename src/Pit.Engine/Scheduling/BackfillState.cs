using System.Collections.Immutable;
using Pit.Engine.Protocol;

namespace Pit.Engine.Scheduling;

/// <summary>
/// Where a backfill is: the occurrences not yet asked for (oldest first), the ones asked for
/// (with their run id once it was created), and how many ended how. At most
/// <see cref="Concurrency"/> occurrences are asked for and not ended at a time. Pure: each change returns a new state.
/// </summary>
public sealed record BackfillState(
    ImmutableQueue<DateTimeOffset> Waiting,
    ImmutableDictionary<DateTimeOffset, string?> Active,
    int Concurrency,
    int Succeeded,
    int Failed,
    int NotStarted)
{
    public static BackfillState Of(IEnumerable<DateTimeOffset> occurrences, int concurrency) =>
        new(ImmutableQueue.CreateRange(occurrences), ImmutableDictionary<DateTimeOffset, string?>.Empty, Math.Max(1, concurrency), 0, 0, 0);

    public bool IsDone => Waiting.IsEmpty && Active.IsEmpty;

    /// <summary>The occurrences to ask for now (so many that <see cref="Concurrency"/> are active), and the state with them active.</summary>
    public (BackfillState State, IReadOnlyList<DateTimeOffset> Due) TakeDue()
    {
        var waiting = Waiting;
        var active = Active;
        var due = new List<DateTimeOffset>();
        while (active.Count < Concurrency && !waiting.IsEmpty)
        {
            waiting = waiting.Dequeue(out var next);
            active = active.Add(next, null);
            due.Add(next);
        }
        return (this with { Waiting = waiting, Active = active }, due);
    }

    /// <summary>Whether the occurrence was asked for and its run is not known yet.</summary>
    public bool Expects(DateTimeOffset occurrence) => Active.TryGetValue(occurrence, out var runId) && runId is null;

    /// <summary>The occurrence's run was created.</summary>
    public BackfillState Created(DateTimeOffset occurrence, string runId) =>
        Expects(occurrence) ? this with { Active = Active.SetItem(occurrence, runId) } : this;

    /// <summary>The active occurrence whose run is <paramref name="runId"/>, if any.</summary>
    public DateTimeOffset? OccurrenceOf(string runId)
    {
        foreach (var (occurrence, id) in Active)
            if (id == runId) return occurrence;
        return null;
    }

    /// <summary>The run of an active occurrence ended.</summary>
    public BackfillState Ended(DateTimeOffset occurrence, RunStatus status) =>
        !Active.ContainsKey(occurrence) ? this
        : status == RunStatus.Succeeded ? this with { Active = Active.Remove(occurrence), Succeeded = Succeeded + 1 }
        : this with { Active = Active.Remove(occurrence), Failed = Failed + 1 };

    /// <summary>An occurrence asked for got no run.</summary>
    public BackfillState Refused(DateTimeOffset occurrence) =>
        Expects(occurrence) ? this with { Active = Active.Remove(occurrence), NotStarted = NotStarted + 1 } : this;

    /// <summary>No further occurrence is asked for: those waiting count as not started, and are returned.</summary>
    public (BackfillState State, IReadOnlyList<DateTimeOffset> Dropped) Stop() =>
        (this with { Waiting = [], NotStarted = NotStarted + Waiting.Count() }, Waiting.ToList());

    public BackfillReports.Done Summary => new(Succeeded, Failed, NotStarted);
}
