using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Pit.Cli.Tests.Support;

/// <summary>A <c>pit</c> process started in the background: read its output so far, signal it, wait for it.</summary>
public sealed class RunningPit : IDisposable
{
    private const int SIGINT = 2;
    private const int SIGTERM = 15;

    private readonly Process _process;
    private readonly string _command;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    public RunningPit(ProcessStartInfo start, string command)
    {
        _command = command;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        if (!_process.Start()) throw new InvalidOperationException($"could not start pit {command}");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public string StdoutSoFar
    {
        get { lock (_stdout) return _stdout.ToString(); }
    }

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does.</summary>
    public void Interrupt()
    {
        if (Kill(Pid, SIGINT) != 0) throw new InvalidOperationException($"kill -INT {Pid} failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Sends SIGTERM, as a service manager does to stop a service.</summary>
    public void Terminate()
    {
        if (Kill(Pid, SIGTERM) != 0) throw new InvalidOperationException($"kill -TERM {Pid} failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Sends SIGHUP, as <c>kill -HUP</c> or <c>systemctl reload</c> do.</summary>
    public void HangUp()
    {
        if (Kill(Pid, 1) != 0) throw new InvalidOperationException($"kill -HUP {Pid} failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Sends SIGKILL to pit alone (a crash): its task processes, each in its own session, live on.</summary>
    public void KillHard()
    {
        if (Kill(Pid, 9) != 0) throw new InvalidOperationException($"kill -KILL {Pid} failed: errno {Marshal.GetLastPInvokeError()}");
        _process.WaitForExit(TimeSpan.FromMinutes(1));
    }

    public bool HasExited => _process.HasExited;

    public string StderrSoFar
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    public PitResult WaitForExit()
    {
        if (!_process.WaitForExit(TimeSpan.FromMinutes(2)))
            throw new TimeoutException($"pit {_command} did not finish\n--- stdout so far\n{StdoutSoFar}");
        _process.WaitForExit(); // drains the asynchronous output readers
        lock (_stdout)
        lock (_stderr)
            return new PitResult(_process.ExitCode, _stdout.ToString(), _stderr.ToString());
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null) return;
        lock (buffer) buffer.Append(line).Append('\n');
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
