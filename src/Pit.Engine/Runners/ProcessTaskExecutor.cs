using System.ComponentModel;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Pit.Core.Time;
using Pit.Engine.Streams;

namespace Pit.Engine.Runners;

/// <summary>
/// Runs a task as a process: in the snapshot, with the parent environment plus the launch's, in a
/// session and process group of its own, started by <see cref="PosixSpawn"/> (or, where that is not
/// supported, through <c>setsid</c> and <c>env</c>). Its stdout and stderr go line by line to the
/// task log (after a header line per attempt) and to the run's <see cref="LiveLog"/>. A timeout or
/// cancellation sends SIGTERM to the group and SIGKILL after the grace period. When the main process
/// has exited, anything left in its group is terminated, and output pipes still held open (by a
/// process that left the group) are closed after <see cref="DrainWindow"/>: the outcome always
/// comes back, and only once the log holds every line.
/// </summary>
public sealed class ProcessTaskExecutor(IMaterializer materializer, LiveLog? liveLog = null) : ITaskExecutor
{
    private Action<TaskLogLine>? Publisher { get; } = liveLog is null ? null : liveLog.Publish;

    private readonly Lazy<string?> _setsidPath = new(TaskProcess.FindSetsid);
    private readonly Lazy<string?> _envPath = new(() => DefaultSignals.EnvPath);

    /// <summary>
    /// Start tasks with posix_spawn, no helper process involved; true where it is supported (see
    /// <see cref="PosixSpawn.IsSupported"/>). False starts them through <see cref="SetsidPath"/> and
    /// <see cref="EnvPath"/>, and each attempt's log says so and why.
    /// </summary>
    public bool UsePosixSpawn { get; init; } = PosixSpawn.IsSupported;

    /// <summary>Without posix_spawn: util-linux <c>setsid</c>; null runs tasks directly in Pit's own process group. Looked up when first needed.</summary>
    public string? SetsidPath
    {
        get => _setsidPath.Value;
        init => _setsidPath = new(value);
    }

    /// <summary>Without posix_spawn: GNU env that gives the task the default SIGPIPE disposition (see <see cref="DefaultSignals"/>); null to skip. Probed when first needed.</summary>
    public string? EnvPath
    {
        get => _envPath.Value;
        init => _envPath = new(value);
    }

    /// <summary>How long output may stay open after the task's processes are gone before Pit stops reading it.</summary>
    public TimeSpan DrainWindow { get; init; } = TimeSpan.FromSeconds(2);

    /// <remarks>
    /// The process is started before its log is opened and its output pipeline built: the kernel
    /// holds its first output in the pipes meanwhile, and the task runs while Pit does that work
    /// instead of after it.
    /// </remarks>
    public async Task<TaskOutcome> RunAsync(TaskLaunch launch, Action<int> onStarted, CancellationToken cancel)
    {
        var started = DateTimeOffset.UtcNow;
        if (cancel.IsCancellationRequested) return new TaskOutcome(null, false, true, null);
        if (!TaskCommand.TryCreate(launch, out var command, out var error))
            return await NotStartedAsync(launch, TaskCommand.Describe(launch.Task), error, started).ConfigureAwait(false);

        ITaskProcess process;
        if (UsePosixSpawn)
        {
            if (!PosixSpawn.TryStart(launch, command, out var spawned, out var spawnError))
                return await NotStartedAsync(launch, command.Display, spawnError, started).ConfigureAwait(false);
            process = spawned;
        }
        else
        {
            try
            {
                process = new TaskProcess(SetsidPath, EnvPath).Start(launch, command);
            }
            catch (Exception e) when (e is Win32Exception or IOException or InvalidOperationException)
            {
                return await NotStartedAsync(launch, command.Display, $"could not start {command.Display}: {e.Message}", started).ConfigureAwait(false);
            }
        }

        using (process)
        {
            if (!AttemptLog.TryOpen(launch, out var log, out var logError))
            {
                // Nowhere to put its output: stop the task rather than let it run unrecorded.
                new ProcessGroup(process).Signal(Libc.SIGKILL);
                await ExitsWithinAsync(process, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                return TaskOutcome.CouldNotStart(logError);
            }
            await using (log.ConfigureAwait(false))
                return await RunStartedAsync(launch, command, process, log, onStarted, cancel, started).ConfigureAwait(false);
        }
    }

    private async Task<TaskOutcome> RunStartedAsync(
        TaskLaunch launch, TaskCommand command, ITaskProcess process, Stream log, Action<int> onStarted, CancellationToken cancel, DateTimeOffset started)
    {
        var group = new ProcessGroup(process);
        using var stopReading = new CancellationTokenSource();
        var stdoutClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderrClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var notes = Channel.CreateUnbounded<string>();
        var ended = new TaskCompletionSource<TaskOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        string? execFailure = null;
        var firstErrorLine = true;

        Func<string, string>? redact = launch.Redactor is { } redactor ? redactor.Redact : null;
        var output = new AttemptOutputSource(
            AttemptLog.Header(launch, command.Display, started),
            [
                new AttemptOutputSource.OutputPipe(process.Output, null, () => stdoutClosed.TrySetResult(), redact),
                new AttemptOutputSource.OutputPipe(process.Errors, line =>
                {
                    // Without posix_spawn, setsid or env report a failed exec of the task on stderr (exit 126/127): keep it as the reason.
                    if (firstErrorLine) execFailure = process.ExecFailure(line);
                    firstErrorLine = false;
                }, () => stderrClosed.TrySetResult(), redact),
            ],
            notes.Reader,
            ended.Task,
            () => AttemptLog.Footer(launch, Explain(ended.Task.Result), started),
            stopReading.Token);
        var lines = Source.FromGraph(output);
        var written = TaskOutputPipeline.Run(lines, log, Publisher, AttemptLog.ToLogLine(launch), materializer);

        if (!UsePosixSpawn)
            notes.Writer.TryWrite($"pit: started through setsid and env: {PosixSpawn.Obstacle ?? "posix_spawn is turned off"}");
        if (!group.OwnGroup)
            notes.Writer.TryWrite("pit: setsid not found: the task runs in Pit's process group, so a kill reaches only its main process, not its children");
        Exception? callbackFailure = null;
        try
        {
            onStarted(process.Id);
        }
        catch (Exception e)
        {
            // The caller's bug, not the task's: stop the task, finish its log, then let the caller see it.
            callbackFailure = e;
            notes.Writer.TryWrite($"pit: stopping the task: {e.Message}");
            group.Signal(Libc.SIGKILL);
        }

        var outcome = await SuperviseAsync(process, group, launch, notes.Writer, cancel).ConfigureAwait(false);
        var pipesClosed = Task.WhenAny(Task.WhenAll(stdoutClosed.Task, stderrClosed.Task), written);
        await LetGoAsync(group, pipesClosed, notes.Writer, stopReading).ConfigureAwait(false);
        notes.Writer.TryComplete();

        string? failure = null;
        ended.TrySetResult(outcome);
        try
        {
            await written.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = e.GetBaseException().Message;
        }

        if (callbackFailure is not null) ExceptionDispatchInfo.Throw(callbackFailure);
        outcome = Explain(outcome);
        if (failure is not null && outcome.Error is null) outcome = outcome with { Error = $"could not write the task log {launch.LogFile}: {failure}" };
        return outcome;

        // Read once every stderr line has passed (the footer follows them all, and so does the end of the stream).
        TaskOutcome Explain(TaskOutcome raw) =>
            raw.ExitCode is 126 or 127 && execFailure is { } reason ? TaskOutcome.CouldNotStart(reason) : raw;
    }

    /// <summary>Waits for the process to exit; on timeout or cancellation kills its group (SIGTERM, then SIGKILL after the grace period).</summary>
    private static async Task<TaskOutcome> SuperviseAsync(ITaskProcess process, ProcessGroup group, TaskLaunch launch, ChannelWriter<string> notes, CancellationToken cancel)
    {
        using var timeout = new CancellationTokenSource();
        if (launch.Timeout is { } limit && limit < LongestTimer) timeout.CancelAfter(NotNegative(limit));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel, timeout.Token);
        try
        {
            await process.Exited.WaitAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Timed out or cancelled, unless it exited at that very moment.
        }
        if (process.Exited.IsCompleted)
        {
            var status = await process.Exited.ConfigureAwait(false);
            if (status.Note is { } note) notes.TryWrite(note);
            return TaskOutcome.Exited(status.Code);
        }

        var timedOut = !cancel.IsCancellationRequested;
        notes.TryWrite(timedOut
            ? $"pit: timed out after {DurationText.Format(launch.Timeout ?? TimeSpan.Zero)}; sending SIGTERM to the task's process group"
            : "pit: cancelled; sending SIGTERM to the task's process group");
        group.Signal(Libc.SIGTERM);
        if (!await ExitsWithinAsync(process, launch.KillGrace).ConfigureAwait(false))
        {
            notes.TryWrite($"pit: still running {DurationText.Format(launch.KillGrace)} after SIGTERM; sending SIGKILL");
            group.Signal(Libc.SIGKILL);
            await ExitsWithinAsync(process, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        return new TaskOutcome(null, timedOut, !timedOut, null);
    }

    /// <summary>
    /// After the main process exited: terminates what is left in its group, then gives the pipes
    /// <see cref="DrainWindow"/> to reach end of file before closing them from this side.
    /// </summary>
    private async Task LetGoAsync(ProcessGroup group, Task pipesClosed, ChannelWriter<string> notes, CancellationTokenSource stopReading)
    {
        if (group.HasLiveMembers)
        {
            notes.TryWrite("pit: the task's main process has exited but left processes in its group; sending them SIGTERM");
            group.Signal(Libc.SIGTERM);
            await Within(pipesClosed, DrainWindow).ConfigureAwait(false);
            if (group.HasLiveMembers)
            {
                notes.TryWrite("pit: sending SIGKILL to the processes left in the task's group");
                group.Signal(Libc.SIGKILL);
            }
        }
        if (!await Within(pipesClosed, DrainWindow).ConfigureAwait(false))
        {
            notes.TryWrite($"pit: the task's output was still open {DurationText.Format(DrainWindow)} after it ended (held by a process outside its group); closing it");
            await stopReading.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task<TaskOutcome> NotStartedAsync(TaskLaunch launch, string display, string error, DateTimeOffset started)
    {
        if (!AttemptLog.TryOpen(launch, out var log, out var logError))
            return TaskOutcome.CouldNotStart($"{error} (and {logError})");
        await using var _ = log.ConfigureAwait(false);
        var outcome = TaskOutcome.CouldNotStart(error);
        var lines = Source.From([AttemptLog.Header(launch, display, started), "pit: " + error, AttemptLog.Footer(launch, outcome, started)]);
        try
        {
            await TaskOutputPipeline.Run(lines, log, Publisher, AttemptLog.ToLogLine(launch), materializer).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return TaskOutcome.CouldNotStart($"{error} (and could not write the task log {launch.LogFile}: {e.GetBaseException().Message})");
        }
        return outcome;
    }

    private static async Task<bool> ExitsWithinAsync(ITaskProcess process, TimeSpan limit) =>
        await Within(process.Exited, limit < LongestTimer ? NotNegative(limit) : LongestTimer).ConfigureAwait(false);

    /// <summary>Timers take at most about 24.8 days; a longer timeout is no timeout.</summary>
    private static readonly TimeSpan LongestTimer = TimeSpan.FromDays(24);

    private static TimeSpan NotNegative(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;

    private static async Task<bool> Within(Task task, TimeSpan limit)
    {
        try
        {
            await task.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
        return true;
    }
}
