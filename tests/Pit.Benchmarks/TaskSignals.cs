using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Pit.Benchmarks;

/// <summary>
/// A loopback TCP listener the throughput task connects to, sending its run id: how a client learns
/// that the task of its run is running without polling the API (which would add load to what is
/// measured). A signal may arrive before the client waits for it; it is kept until then.
/// </summary>
internal sealed class TaskSignals : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public TaskSignals()
    {
        _listener.Start(backlog: 1024);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    private int _received;

    /// <summary>How many connections sent a run id.</summary>
    public int Received => Volatile.Read(ref _received);

    /// <summary>True once the task of <paramref name="runId"/> signalled, false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitAsync(string runId, TimeSpan timeout)
    {
        var signal = For(runId);
        var done = await Task.WhenAny(signal.Task, Task.Delay(timeout)) == signal.Task;
        _signals.TryRemove(runId, out _);
        return done;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try { _accepting.Wait(TimeSpan.FromSeconds(5)); }
        catch (AggregateException) { }
        _stop.Dispose();
    }

    private TaskCompletionSource For(string runId) =>
        _signals.GetOrAdd(runId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = ReadAsync(socket);
        }
    }

    private async Task ReadAsync(Socket socket)
    {
        try
        {
            using (socket)
            await using (var stream = new NetworkStream(socket))
            using (var reader = new StreamReader(stream))
            {
                if (await reader.ReadLineAsync(_stop.Token) is { Length: > 0 } runId)
                {
                    Interlocked.Increment(ref _received);
                    For(runId.Trim()).TrySetResult();
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // a task that connected and went away: nothing to record
        }
    }
}
