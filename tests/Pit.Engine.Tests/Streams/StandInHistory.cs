using Akka.Actor;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;

namespace Pit.Engine.Tests.Streams;

/// <summary>
/// A run history a follower spec moves forward: <see cref="Record"/> as another Pit process would
/// (no event in this engine), <see cref="Persist"/> as the DagRun does (recorded, then published).
/// Each <see cref="ReadRun"/> folds what was recorded, and is counted.
/// </summary>
internal sealed class StandInHistory(ActorSystem system, params IPitEvent[] recorded)
{
    private readonly List<IPitEvent> _events = [.. recorded];
    private readonly Lock _gate = new();
    private int _reads;

    public int Reads
    {
        get { lock (_gate) return _reads; }
    }

    public void Record(params IPitEvent[] events)
    {
        lock (_gate) _events.AddRange(events);
    }

    public void Persist(params IPitEvent[] events)
    {
        Record(events);
        foreach (var e in events) system.EventStream.Publish(e);
    }

    public Task<RunSummary?> ReadRun(string runId, CancellationToken cancel)
    {
        var history = new RunHistory();
        lock (_gate)
        {
            _reads++;
            foreach (var e in _events) history.Apply(e);
        }
        return Task.FromResult(history.Get(runId));
    }
}
