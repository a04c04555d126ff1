using Akka.Actor;
using Pit.Core.Time;

namespace Pit.Engine.Scheduling;

/// <summary>
/// The Scheduler's cron timers: one per DAG with a schedule, armed for its next occurrence. A
/// long wait is cut into waits of at most a minute, each checked against the wall clock again
/// (clock changes, a suspended machine). Akka's timers tick every 10 ms, so with
/// <c>precise</c> the last <see cref="FineWindow"/> before an occurrence is waited on a
/// .NET timer instead (about a millisecond late, not up to a tick). Owned by the Scheduler actor;
/// its timers send <see cref="Due"/> to the actor.
/// </summary>
public sealed class ArmedSchedules(ITimerScheduler timers, IActorRef owner, bool precise) : IDisposable
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(1);

    /// <summary>How long before an occurrence the fine timer takes over from Akka's.</summary>
    public static readonly TimeSpan FineWindow = TimeSpan.FromMilliseconds(50);

    private readonly Dictionary<string, Armed> _armed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Timer> _fine = new(StringComparer.Ordinal);

    /// <summary>The timer message of <paramref name="Dag"/> for <paramref name="Occurrence"/>; one for another occurrence is stale.</summary>
    public sealed record Due(string Dag, DateTimeOffset Occurrence);

    public sealed record Armed(CronSchedule Schedule, TimeZoneInfo Zone, DateTimeOffset Occurrence);

    public int Count => _armed.Count;

    public IEnumerable<string> Dags => _armed.Keys;

    /// <summary>The occurrence the DAG's timer waits for, if it is armed.</summary>
    public DateTimeOffset? NextOf(string dag) => _armed.TryGetValue(dag, out var armed) ? armed.Occurrence : null;

    /// <summary>Whether the DAG is armed with this schedule in this zone (a reload that changed neither keeps its timer).</summary>
    public bool IsArmedWith(string dag, CronSchedule schedule, TimeZoneInfo zone) =>
        _armed.TryGetValue(dag, out var armed) && armed.Schedule.Text == schedule.Text && armed.Zone.Id == zone.Id;

    /// <summary>The armed schedule that <paramref name="due"/> is for, or null when the timer is stale.</summary>
    public Armed? Current(Due due) =>
        _armed.TryGetValue(due.Dag, out var armed) && armed.Occurrence == due.Occurrence ? armed : null;

    /// <summary>Arms (or re-arms) the DAG's timer for <paramref name="occurrence"/>; false when there is none, and the DAG is disarmed.</summary>
    public bool Arm(string dag, CronSchedule schedule, TimeZoneInfo zone, DateTimeOffset? occurrence, DateTimeOffset now)
    {
        StopFine(dag);
        if (occurrence is not { } at)
        {
            Disarm(dag);
            return false;
        }
        _armed[dag] = new Armed(schedule, zone, at);
        var wait = at - now;
        if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
        if (precise && wait <= FineWindow)
        {
            timers.Cancel(Key(dag));
            var due = new Due(dag, at);
            _fine[dag] = new Timer(_ => owner.Tell(due, ActorRefs.NoSender), null, wait, Timeout.InfiniteTimeSpan);
            return true;
        }
        if (precise) wait -= FineWindow;
        if (wait > LongestWait) wait = LongestWait;
        timers.StartSingleTimer(Key(dag), new Due(dag, at), wait);
        return true;
    }

    public void Disarm(string dag)
    {
        timers.Cancel(Key(dag));
        StopFine(dag);
        _armed.Remove(dag);
    }

    public void DisarmAll()
    {
        foreach (var dag in _armed.Keys.ToList()) Disarm(dag);
    }

    public void Dispose()
    {
        foreach (var timer in _fine.Values) timer.Dispose();
        _fine.Clear();
    }

    private void StopFine(string dag)
    {
        if (_fine.Remove(dag, out var timer)) timer.Dispose();
    }

    private static string Key(string dag) => "cron:" + dag;
}
