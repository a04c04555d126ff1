using System.Diagnostics;

namespace Pit.Engine.Runners;

/// <summary>A task process started by <see cref="TaskProcess"/> through System.Diagnostics.Process (the fallback where <see cref="PosixSpawn"/> is not supported).</summary>
internal sealed class DotnetProcess : ITaskProcess
{
    private readonly Process _process;
    private readonly TaskProcess _launcher;
    private readonly string _program;

    public DotnetProcess(Process process, TaskProcess launcher, string program)
    {
        _process = process;
        _launcher = launcher;
        _program = program;
        Id = process.Id;
        Exited = WaitAsync();
    }

    public int Id { get; }

    public bool OwnGroup => _launcher.SetsidPath is not null;

    public Stream Output => _process.StandardOutput.BaseStream;

    public Stream Errors => _process.StandardError.BaseStream;

    /// <summary>.NET reports a process killed by a signal as 128 + the signal, without saying so.</summary>
    public Task<ExitStatus> Exited { get; }

    public void SignalIfRunning(int signal)
    {
        if (!HasExited()) Libc.Kill(Id, signal);
    }

    public string? ExecFailure(string line) => _launcher.ExecFailure(line, _program);

    public void Dispose() => _process.Dispose();

    private async Task<ExitStatus> WaitAsync()
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        return new ExitStatus(_process.ExitCode);
    }

    private bool HasExited()
    {
        try { return _process.HasExited; }
        catch (InvalidOperationException) { return true; }
    }
}
