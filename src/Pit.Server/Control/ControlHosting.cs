using Akka.Actor;
using Akka.Streams;
using Microsoft.Extensions.Logging;
using Pit.Engine.Control;

namespace Pit.Server.Control;

/// <summary>Starts the control channel of a running engine: the listener, and the host actor that owns it.</summary>
public static class ControlHosting
{
    /// <exception cref="ControlStartException">It cannot listen where <paramref name="options"/> say.</exception>
    public static async Task<ControlListener> StartAsync(ActorSystem system, ControlOptions options, DateTimeOffset startedAt, ILogger log)
    {
        var dispatcher = new ControlDispatcher(ControlPalettes.For(system), log);
        var listener = ControlListener.Start(options, dispatcher, system.Materializer(), log);
        var host = system.ActorOf(ControlHostActor.Props(listener, startedAt), ControlHostActor.Name);
        // Its palettes are registered once it answers.
        await host.Ask<ControlHostActor.Ready>(ControlHostActor.Ready.Instance, TimeSpan.FromSeconds(30));
        return listener;
    }
}
