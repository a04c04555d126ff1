using Akka.Actor;
using Akka.Streams;
using Microsoft.Extensions.Logging;
using Pit.Engine.Control;

namespace Pit.Server.Control;

/// <summary>
/// Starts the control channel of a running engine: the palettes about the process as a whole
/// (<c>system</c>, <c>cluster</c>, <c>actor</c>), the listener, and the host actor that owns it.
/// </summary>
public static class ControlHosting
{
    /// <exception cref="ControlStartException">It cannot listen where <paramref name="options"/> say.</exception>
    public static ControlListener Start(ActorSystem system, ControlOptions options, DateTimeOffset startedAt, ILogger log)
    {
        var palettes = ControlPalettes.For(system);
        var stats = new ControlStats();
        // The palettes about the process as a whole are there before the first connection is accepted.
        palettes.Register(SystemPalette.System(startedAt, stats));
        palettes.Register(SystemPalette.Cluster());
        palettes.Register(ActorPalette.For(system));
        palettes.RegisterValues(ControlValues.Actors, cancel => ActorPalette.PathsAsync(system, cancel));
        var listener = ControlListener.Start(options, new ControlDispatcher(palettes, log), stats, system.Materializer(), log);
        system.ActorOf(ControlHostActor.Props(listener), ControlHostActor.Name);
        return listener;
    }
}
