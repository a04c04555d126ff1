using Akka.Actor;
using Pit.Engine.Protocol;
using Pit.Engine.Runners;

namespace Pit.Engine.Actors;

/// <summary>
/// Runs the attempts of one task through an <see cref="ITaskExecutor"/>, one at a time, and tells
/// its DagRun when each starts and ends. A crash here fails the attempt, never the run. One is created
/// per task, so it is an <see cref="UntypedActor"/>: a <see cref="ReceiveActor"/> would set up its
/// handlers again for every instance.
/// </summary>
public sealed class TaskRunnerActor(ITaskExecutor executor) : UntypedActor
{
    private CancellationTokenSource? _cancel;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case TaskRunnerMessages.RunAttempt command:
                var launch = command.Launch;
                var parent = Context.Parent;
                _cancel?.Dispose();
                _cancel = new CancellationTokenSource();
                Run(executor, launch, parent, _cancel.Token).PipeTo(parent);
                break;
            case TaskRunnerMessages.CancelAttempt:
                _cancel?.Cancel();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    // Arguments rather than an expression: Props.Create(() => new …) compiles the expression on every call, once per task.
    public static Props Props(ITaskExecutor executor) => Akka.Actor.Props.Create<TaskRunnerActor>(executor);

    protected override void PostStop()
    {
        // Stopping the runner (run cancelled, system shutting down) kills a running attempt.
        _cancel?.Cancel();
        _cancel?.Dispose();
    }

    private static async Task<TaskRunnerMessages.AttemptFinished> Run(ITaskExecutor executor, TaskLaunch launch, IActorRef parent, CancellationToken cancel)
    {
        TaskOutcome outcome;
        try
        {
            outcome = await executor.RunAsync(
                launch,
                pid => parent.Tell(new TaskRunnerMessages.AttemptStarted(launch.Task.Name, launch.Attempt, pid)),
                cancel);
        }
        catch (Exception ex)
        {
            outcome = TaskOutcome.CouldNotStart($"the task runner failed: {ex.Message}");
        }
        return new TaskRunnerMessages.AttemptFinished(launch.Task.Name, launch.Attempt, outcome);
    }
}
