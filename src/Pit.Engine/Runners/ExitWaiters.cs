namespace Pit.Engine.Runners;

/// <summary>
/// Threads that block in <c>waitid</c> for task processes, reused across processes: starting a
/// thread per process cost about as much as the spawn itself. A waiter idle for
/// <see cref="IdleTimeout"/> ends, so a quiet service keeps none.
/// </summary>
internal static class ExitWaiters
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(60);

    private const int StackSize = 256 * 1024;
    private static readonly object Gate = new();
    private static readonly Queue<Action> Pending = new();
    // Waiters blocked in Monitor.Wait; each queued wait was matched to one of them.
    private static int _idle;

    /// <summary>Runs <paramref name="wait"/> (a blocking wait) on an idle waiter, or on a new one.</summary>
    public static void Run(Action wait)
    {
        lock (Gate)
        {
            if (_idle > 0)
            {
                _idle--;
                Pending.Enqueue(wait);
                Monitor.Pulse(Gate);
                return;
            }
        }
        new Thread(() => Loop(wait), StackSize) { IsBackground = true, Name = "pit exit waiter" }.Start();
    }

    private static void Loop(Action first)
    {
        var wait = first;
        while (true)
        {
            wait();
            lock (Gate)
            {
                _idle++;
                while (Pending.Count == 0)
                {
                    if (!Monitor.Wait(Gate, IdleTimeout) && Pending.Count == 0)
                    {
                        _idle--;
                        return;
                    }
                }
                wait = Pending.Dequeue();
            }
        }
    }
}
