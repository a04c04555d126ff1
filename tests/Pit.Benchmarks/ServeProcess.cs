using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Pit.Benchmarks;

/// <summary>
/// A long-lived process under measurement (<c>pit serve</c>, or the idle ASP.NET Core baseline) on
/// a port that was free a moment ago: started with <c>dotnet &lt;args&gt;</c>, its output drained
/// (the last lines kept for error messages), ready once it printed <c>readyLine</c>; an HTTP client
/// for its API; stopped with SIGTERM.
/// </summary>
internal sealed class ServeProcess : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(3);
    private const int KeptLines = 200;
    private const int SIGTERM = 15;

    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _readyLine;

    private ServeProcess(string label, IReadOnlyList<string> args, string workingDir, string readyLine, int port)
    {
        Label = label;
        Port = port;
        _readyLine = readyLine;
        var info = new ProcessStartInfo("dotnet", args)
        {
            WorkingDirectory = workingDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        if (!_process.Start()) throw new InvalidOperationException($"{label}: could not start dotnet {string.Join(' ', args)}");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };
    }

    public string Label { get; }

    public int Port { get; }

    public int Pid => _process.Id;

    public HttpClient Http { get; }

    /// <summary>When the ready line was printed.</summary>
    public DateTimeOffset ReadyAt { get; private set; }

    /// <summary>Starts <c>dotnet &lt;pit.dll&gt; serve --port P --project-dir &lt;workspace&gt;</c>.</summary>
    public static ServeProcess StartPit(string label, string pitDll, string workspace)
    {
        var port = FreePort();
        return new ServeProcess(label, [pitDll, "serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--project-dir", workspace],
            workspace, "pit serve: listening on ", port);
    }

    /// <summary>Starts <c>dotnet &lt;app.dll&gt; --urls http://127.0.0.1:P</c>, ready at <paramref name="readyLine"/>.</summary>
    public static ServeProcess StartApp(string label, string appDll, string readyLine)
    {
        var port = FreePort();
        return new ServeProcess(label, [appDll, "--urls", $"http://127.0.0.1:{port}"], Path.GetDirectoryName(appDll)!, readyLine, port);
    }

    /// <summary>Waits until the process printed its ready line; throws with its output if it exits or takes too long.</summary>
    public void WaitUntilReady()
    {
        var exited = _process.WaitForExitAsync();
        var first = Task.WhenAny(_ready.Task, exited, Task.Delay(ReadyTimeout)).GetAwaiter().GetResult();
        if (first != _ready.Task)
            throw new InvalidOperationException(
                $"{Label}: {(first == exited ? $"exited {_process.ExitCode}" : $"printed no '{_readyLine}' within {ReadyTimeout.TotalMinutes} min")}\n{Tail()}");
    }

    /// <summary>Resident set size now, and its peak so far (VmRSS and VmHWM), in KiB.</summary>
    public (long Rss, long Peak) Memory() =>
        (PeakMemory.StatusKb(Pid, "VmRSS") ?? throw new InvalidOperationException($"{Label}: exited before its memory was read\n{Tail()}"),
         PeakMemory.StatusKb(Pid, "VmHWM") ?? 0);

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{Label}: GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<string> GetTextAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? text : throw new InvalidOperationException($"{Label}: GET {path} answered {(int)response.StatusCode}: {text}");
    }

    /// <summary><c>GET /api/runs/{id}</c> once the run finished (polled every 200 ms, for up to 5 minutes).</summary>
    public JsonElement FinishedRun(string runId)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(5);
        while (true)
        {
            var run = GetJsonAsync($"/api/runs/{runId}").GetAwaiter().GetResult();
            if (run.GetProperty("state").GetString() != "running") return run;
            if (DateTimeOffset.UtcNow > deadline) throw new InvalidOperationException($"{Label}: run {runId} was still running after 5 min\n{Tail()}");
            Thread.Sleep(200);
        }
    }

    /// <summary>The last lines the process printed.</summary>
    public string Tail()
    {
        lock (_tail) return $"--- {Label}: last output ---\n{string.Join('\n', _tail)}";
    }

    /// <summary>SIGTERM (pit serve lets active runs finish, then exits), then a kill after a minute.</summary>
    public void Dispose()
    {
        Http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                if (Kill(_process.Id, SIGTERM) != 0 || !_process.WaitForExit(TimeSpan.FromMinutes(1)))
                    _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // it was never started, or already reaped
        }
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        if (ReadyAt == default && line.Contains(_readyLine, StringComparison.Ordinal))
        {
            ReadyAt = DateTimeOffset.UtcNow;
            _ready.TrySetResult();
        }
        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > KeptLines) _tail.Dequeue();
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try { return ((IPEndPoint)listener.LocalEndpoint).Port; }
        finally { listener.Stop(); }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
