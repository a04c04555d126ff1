using Pit.Core.Dags;

namespace Pit.Engine.Runners;

/// <summary>Sends each attempt to the executor of its runner: sql and data tasks run inside Pit, everything else as a process.</summary>
public sealed class RoutingTaskExecutor(ITaskExecutor processes, ITaskExecutor sql, ITaskExecutor data) : ITaskExecutor
{
    public Task<TaskOutcome> RunAsync(TaskLaunch launch, Action<int> onStarted, CancellationToken cancel) => launch.Task.Runner.Kind switch
    {
        RunnerKind.Sql => sql.RunAsync(launch, onStarted, cancel),
        RunnerKind.Data => data.RunAsync(launch, onStarted, cancel),
        _ => processes.RunAsync(launch, onStarted, cancel),
    };
}
