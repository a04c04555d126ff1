using System.IO.Pipes;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Pit.Engine.Runners;

/// <summary>
/// A task process started by <see cref="PosixSpawn"/>: it leads its own session and process group.
/// The pipes are wrapped like System.Diagnostics.Process wraps its own (a pipe stream, read through
/// epoll, so no thread waits on them and a pending read ends when cancelled). A thread from
/// <see cref="ExitWaiters"/> blocks in <c>waitid</c> until the process exits: .NET's SIGCHLD handler reaps only the children
/// System.Diagnostics.Process started (unless Pit itself was started with SIGCHLD ignored), so the
/// exit status is ours to collect.
/// </summary>
internal sealed class SpawnedProcess : ITaskProcess
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<ExitStatus> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _reaped;

    /// <param name="output">Read end of the stdout pipe, owned from now on.</param>
    /// <param name="errors">Read end of the stderr pipe, owned from now on.</param>
    public SpawnedProcess(int pid, SafePipeHandle output, SafePipeHandle errors)
    {
        Id = pid;
        Output = new AnonymousPipeClientStream(PipeDirection.In, output);
        Errors = new AnonymousPipeClientStream(PipeDirection.In, errors);
        ExitWaiters.Run(WaitForExit);
    }

    public int Id { get; }

    public bool OwnGroup => true;

    public Stream Output { get; }

    public Stream Errors { get; }

    public Task<ExitStatus> Exited => _exited.Task;

    public void SignalIfRunning(int signal)
    {
        lock (_gate)
            if (!_reaped) Libc.Kill(Id, signal);
    }

    /// <summary>posix_spawn reports a failed exec itself; no launcher writes to stderr.</summary>
    public string? ExecFailure(string line) => null;

    public void Dispose()
    {
        Output.Dispose();
        Errors.Dispose();
    }

    private void WaitForExit()
    {
        var info = Marshal.AllocHGlobal(Libc.SigInfoSize);
        try
        {
            // Wait without reaping: until the zombie is reaped below, under the lock, its pid cannot be
            // reused, so SignalIfRunning never reaches another process.
            while (Libc.WaitId(Libc.P_PID, Id, info, Libc.WEXITED | Libc.WNOWAIT) != 0 && Marshal.GetLastPInvokeError() == Libc.EINTR)
            {
            }
        }
        finally
        {
            Marshal.FreeHGlobal(info);
        }

        int reaped, status;
        lock (_gate)
        {
            do reaped = Libc.WaitPid(Id, out status, 0);
            while (reaped < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR);
            _reaped = true;
        }
        _exited.SetResult(reaped == Id ? ExitStatus.FromWaitStatus(status) : ExitStatus.Unknown);
    }
}
