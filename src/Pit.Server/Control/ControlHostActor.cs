using Akka.Actor;
using Pit.Engine.Control;

namespace Pit.Server.Control;

/// <summary>
/// The control host (<c>/user/control</c>): owns the <see cref="ControlListener"/>, closed when the
/// actor stops. The palettes come from the actors that own them, through <see cref="ControlPalettes"/>;
/// those about the process as a whole (<c>system</c>, <c>cluster</c>, <c>actor</c>) from
/// <see cref="ControlHosting"/>, and <c>log</c> from the service logger (<see cref="SystemLogActor"/>).
/// </summary>
public sealed class ControlHostActor : ReceiveActor
{
    public const string Name = "control";

    private readonly ControlListener _listener;

    public ControlHostActor(ControlListener listener) => _listener = listener;

    public static Props Props(ControlListener listener) => Akka.Actor.Props.Create(() => new ControlHostActor(listener));

    protected override void PostStop() => _listener.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
}
