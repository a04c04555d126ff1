using Akka.Actor;
using Akka.Event;
using Pit.Core.Time;
using Pit.Core.Workspace;
using Pit.Engine.Persistence.ReadModels;

namespace Pit.Engine.Actors;

/// <summary>
/// <c>/user/pit/retention</c> in <c>pit serve</c> with a <c>[retention]</c> table: collects the
/// finished runs older than <c>runs</c> (<see cref="RunRetention"/>, as <c>pit gc</c> does)
/// <c>gc_delay</c> after start and then every <c>gc_every</c>, logging what it removed. A run whose
/// state is <c>running</c> is never touched. One collection at a time, off the actor's thread. Removals are
/// logged at Warning (the level pit serve prints), like the Scheduler's resumed runs.
/// </summary>
public sealed class RetentionActor : ReceiveActor, IWithTimers
{
    private const string TimerKey = "gc";

    private readonly RunRetention _retention;
    private readonly RetentionConfig _config;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _busy;

    public RetentionActor(RunReadModel model, string runsDir, RetentionConfig config)
    {
        _retention = new RunRetention(model, runsDir);
        _config = config;
        Receive<Collect>(_ => Start());
        Receive<Done>(done =>
        {
            var collected = done.Collected;
            if (collected.Runs.Count > 0)
                _log.Warning("Retention: removed {0} run(s) older than {1}: {2}; {3} byte(s) freed, {4} journal event(s) deleted",
                    collected.Runs.Count, DurationText.Format(_config.Runs), string.Join(", ", collected.Runs.Select(r => r.RunId)), collected.BytesFreed, collected.EventsDeleted);
            else
                _log.Info("Retention: no finished run older than {0} to remove", DurationText.Format(_config.Runs));
            Next();
        });
        Receive<Status.Failure>(failed =>
        {
            _log.Error("Retention: could not remove old runs: {0}", failed.Cause.GetBaseException().Message);
            Next();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(RunReadModel model, string runsDir, RetentionConfig config) =>
        Akka.Actor.Props.Create(() => new RetentionActor(model, runsDir, config));

    /// <summary>Collects now (the timers send it; a collection under way ignores it).</summary>
    public sealed record Collect;

    /// <summary>What one collection removed.</summary>
    public sealed record Done(RunRetention.Collected Collected);

    protected override void PreStart() => Timers.StartSingleTimer(TimerKey, new Collect(), _config.GcDelay);

    private void Start()
    {
        if (_busy) return;
        _busy = true;
        Timers.Cancel(TimerKey);
        var retention = _retention;
        var keep = _config.Runs;
        Task.Run(() => new Done(retention.Collect(retention.Find(keep, DateTimeOffset.UtcNow)))).PipeTo(Self);
    }

    private void Next()
    {
        _busy = false;
        Timers.StartSingleTimer(TimerKey, new Collect(), _config.GcEvery);
    }
}
