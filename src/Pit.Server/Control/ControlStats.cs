namespace Pit.Server.Control;

/// <summary>How many clients are connected to the control channel and how many of their commands are running (streams included).</summary>
public sealed class ControlStats
{
    private int _connections;
    private int _commands;

    public int Connections => Volatile.Read(ref _connections);

    public int Commands => Volatile.Read(ref _commands);

    internal void Connected() => Interlocked.Increment(ref _connections);

    internal void Disconnected() => Interlocked.Decrement(ref _connections);

    internal void Started() => Interlocked.Increment(ref _commands);

    internal void Ended() => Interlocked.Decrement(ref _commands);
}
