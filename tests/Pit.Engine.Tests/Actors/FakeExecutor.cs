using System.Collections.Concurrent;
using Pit.Engine.Runners;

namespace Pit.Engine.Tests.Actors;

/// <summary>
/// A task executor for actor specs: each attempt's outcome comes from a script (per task, per
/// attempt) or is held open until the test releases it. Records every launch in order.
/// </summary>
public sealed class FakeExecutor : ITaskExecutor
{
    private readonly ConcurrentDictionary<string, Func<int, TaskOutcome>> _scripts = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<TaskOutcome>> _held = new();
    private readonly HashSet<string> _holding = [];
    private readonly ConcurrentDictionary<string, int> _pids = new();
    private int _running;

    public ConcurrentQueue<TaskLaunch> Launches { get; } = new();

    public int MaxConcurrent { get; private set; }

    /// <summary>Attempt n of <paramref name="task"/> ends as <paramref name="outcome"/> says.</summary>
    public FakeExecutor On(string task, Func<int, TaskOutcome> outcome)
    {
        _scripts[task] = outcome;
        return this;
    }

    /// <summary>Attempts of <paramref name="task"/> stay running until <see cref="Release"/>.</summary>
    public FakeExecutor Hold(string task)
    {
        lock (_holding) _holding.Add(task);
        return this;
    }

    /// <summary>Attempts of <paramref name="task"/> report <paramref name="pid"/> as their process (else 1000 + the attempt).</summary>
    public FakeExecutor ReportPid(string task, int pid)
    {
        _pids[task] = pid;
        return this;
    }

    public void Release(string task, TaskOutcome outcome)
    {
        lock (_holding) _holding.Remove(task);
        if (_held.TryRemove(task, out var pending)) pending.TrySetResult(outcome);
    }

    public IReadOnlyList<string> Started => Launches.Select(l => l.Task.Name).ToList();

    public async Task<TaskOutcome> RunAsync(TaskLaunch launch, Action<int> onStarted, CancellationToken cancel)
    {
        Launches.Enqueue(launch);
        lock (this)
        {
            _running++;
            MaxConcurrent = Math.Max(MaxConcurrent, _running);
        }
        try
        {
            onStarted(_pids.TryGetValue(launch.Task.Name, out var pid) ? pid : 1000 + launch.Attempt);
            bool hold;
            lock (_holding) hold = _holding.Contains(launch.Task.Name);
            if (hold)
            {
                var pending = _held.GetOrAdd(launch.Task.Name, _ => new TaskCompletionSource<TaskOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
                await using var registration = cancel.Register(() => pending.TrySetResult(new TaskOutcome(null, false, true, null)));
                return await pending.Task;
            }
            return _scripts.TryGetValue(launch.Task.Name, out var script) ? script(launch.Attempt) : TaskOutcome.Exited(0);
        }
        finally
        {
            lock (this) _running--;
        }
    }
}
