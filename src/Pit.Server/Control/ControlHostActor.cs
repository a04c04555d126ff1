using Akka.Actor;
using Pit.Engine.Control;

namespace Pit.Server.Control;

/// <summary>
/// The control host (<c>/user/control</c>): owns the <see cref="ControlListener"/> (closed when the
/// actor stops) and the palettes about the process as a whole (<c>system</c>, <c>cluster</c>,
/// <c>actor</c>); the <c>log</c> palette is the service logger's (<see cref="SystemLogActor"/>). The other palettes come from the actors that own them, through <see cref="ControlPalettes"/>.
/// </summary>
public sealed class ControlHostActor : ReceiveActor
{
    public const string Name = "control";

    private readonly ControlListener _listener;
    private readonly DateTimeOffset _startedAt;

    public ControlHostActor(ControlListener listener, DateTimeOffset startedAt)
    {
        _listener = listener;
        _startedAt = startedAt;
        Receive<Ready>(ready => Sender.Tell(ready));
    }

    public static Props Props(ControlListener listener, DateTimeOffset startedAt) =>
        Akka.Actor.Props.Create(() => new ControlHostActor(listener, startedAt));

    /// <summary>Answered with itself once the host's palettes are registered.</summary>
    public sealed record Ready
    {
        public static readonly Ready Instance = new();
    }

    protected override void PreStart()
    {
        var palettes = ControlPalettes.For(Context.System);
        palettes.Register(SystemPalette.System(_startedAt, _listener.Stats));
        palettes.Register(SystemPalette.Cluster());
        palettes.Register(ActorPalette.For(Context.System));
        var system = Context.System;
        palettes.RegisterValues(ControlValues.Actors, cancel => ActorPalette.PathsAsync(system, cancel));

    }

    protected override void PostStop() => _listener.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
}
