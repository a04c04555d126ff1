using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Pit.Benchmarks;

/// <summary>
/// Issue 7's benchmark of the control channel, on one <c>pit serve</c>:
/// (a) the round trip of <c>system uptime</c> on the Unix socket, one request after the other,
/// against the same round trips to an echo server in this process;
/// (b) W2 of the engine benchmark (1,000 independent tasks at 4; here each task prints one line, so
/// the tails carry something) triggered through the channel, with no viewer and with
/// <c>--tail-clients</c> connections each following the run with <c>run tail</c>: the run's own
/// duration (RunCreated to RunFinished) and the overhead per task against a bash loop doing the same spawns.
/// </summary>
internal static class ControlBenchmark
{
    public const int Warmups = 500;

    public static string Run(BenchmarkOptions options, string pitDll, string scratch)
    {
        var workspace = Path.Combine(scratch, "control");
        var workload = EngineWorkloads.All.Single(w => w.Id == "W2") with { Script = "echo \"$PIT_TASK_NAME\"" };
        var baselineScript = EngineWorkloads.Generate(workload, workspace);
        var socket = Path.Combine(workspace, ".pit", "control.sock");

        Console.WriteLine($"control: round trip baseline, {options.ControlCalls} lines to an echo socket …");
        Latencies echo;
        using (var server = new UnixEcho()) echo = RoundTrips(server.Path, "system uptime", options.ControlCalls);

        using var pit = ServeProcess.StartPit("pit serve (control)", pitDll, workspace);
        pit.WaitUntilReady();
        Console.WriteLine($"control: round trip, {options.ControlCalls} × system uptime …");
        var uptime = RoundTrips(socket, "system uptime", options.ControlCalls);

        Console.WriteLine($"control: W2 baseline (bash loop), then W2 through pit serve without and with {options.TailClients} tails, {options.EngineRuns} runs each …");
        var bash = new List<double>();
        var alone = new List<double>();
        var tailed = new List<double>();
        var linesSeen = new List<long>();
        var cpuAlone = new List<double>();
        var cpuTailed = new List<double>();
        RunW2(socket, 0, out _);
        for (var run = 0; run < options.EngineRuns; run++)
        {
            var spawn = ChildProcess.Run("bash", [baselineScript], workspace);
            if (spawn.ExitCode != 0) throw new InvalidOperationException($"W2 baseline exited {spawn.ExitCode}\n{spawn.Tails()}");
            bash.Add(spawn.WallMs);
            var cpu = CpuSeconds(pit.Pid);
            alone.Add(RunW2(socket, 0, out _));
            cpuAlone.Add(CpuSeconds(pit.Pid) - cpu);
            cpu = CpuSeconds(pit.Pid);
            tailed.Add(RunW2(socket, options.TailClients, out var lines));
            cpuTailed.Add(CpuSeconds(pit.Pid) - cpu);
            linesSeen.Add(lines);
        }
        return Report(options, workload.Tasks, echo, uptime, bash, alone, tailed, linesSeen, cpuAlone, cpuTailed);
    }

    /// <summary>User + system CPU seconds the process has used so far (/proc/&lt;pid&gt;/stat, in clock ticks of 1/100 s).</summary>
    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static Latencies RoundTrips(string socketPath, string cmd, int count)
    {
        using var line = new ControlLine(socketPath);
        for (var i = 0; i < Warmups; i++) line.Call(cmd);
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            line.Call(cmd);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return new Latencies(times);
    }

    /// <summary>Triggers W2, has <paramref name="tails"/> clients follow it, waits for its end; returns the run's recorded duration in ms.</summary>
    private static double RunW2(string socketPath, int tails, out long linesSeen)
    {
        using var control = new ControlLine(socketPath);
        var runId = control.Call("dag trigger", EngineWorkload.DagName)!["run_id"]!.GetValue<string>();
        // A thread each, so that all of them connect at once (blocking reads would starve the thread pool).
        var viewers = Enumerable.Range(0, tails).Select(_ =>
        {
            var done = new TaskCompletionSource<long>();
            new Thread(() =>
            {
                try { done.SetResult(Follow(socketPath, runId)); }
                catch (Exception e) { done.SetException(e); }
            }) { IsBackground = true }.Start();
            return done.Task;
        }).ToArray();
        // The Scheduler's overview is cheap to ask; a run's detail is read from the journal, so it is asked once, at the end.
        while (control.Call("scheduler show")!["active_runs"]!.GetValue<int>() > 0) Thread.Sleep(100);
        var run = control.Call("run show", runId)!;
        if (run["state"]!.GetValue<string>() != "success") throw new InvalidOperationException($"W2 run {runId} ended {run["state"]}");
        linesSeen = Task.WhenAll(viewers).GetAwaiter().GetResult().Sum();
        return run["duration_seconds"]!.GetValue<double>() * 1000;
    }

    /// <summary>One viewer: <c>run tail</c> until the run ends; returns the task lines it got. It reads the
    /// reply lines as text (a JSON parse of each would make the viewers, on the same cores, the cost measured).</summary>
    private static long Follow(string socketPath, string runId)
    {
        using var line = new ControlLine(socketPath);
        line.Send("run tail", runId);
        long lines = 0;
        while (line.ReadText() is { } reply && !reply.Contains("\"done\":true", StringComparison.Ordinal))
        {
            if (reply.Contains("\"error\":", StringComparison.Ordinal)) throw new InvalidOperationException($"run tail {runId}: {reply}");
            if (reply.Contains("\"line\":", StringComparison.Ordinal)) lines++;
        }
        return lines;
    }

    private static string Report(BenchmarkOptions options, int tasks, Latencies echo, Latencies uptime,
        List<double> bash, List<double> alone, List<double> tailed, List<long> linesSeen, List<double> cpuAlone, List<double> cpuTailed)
    {
        static string Ms(double ms) => ms.ToString("0.000", CultureInfo.InvariantCulture);
        static double Median(List<double> values) => new Latencies(values).P50;
        var bashMs = Median(bash);
        var aloneMs = Median(alone);
        var tailedMs = Median(tailed);
        var perTaskAlone = (aloneMs - bashMs) / tasks;
        var perTaskTailed = (tailedMs - bashMs) / tasks;
        var text = new StringBuilder()
            .AppendLine("## Control channel (issue 7)")
            .AppendLine()
            .AppendLine($"Machine: {Environment.ProcessorCount} cores. {options.ControlCalls} round trips after {Warmups} warm-up ones; W2 runs: {options.EngineRuns} of each, medians.")
            .AppendLine()
            .AppendLine("| round trip on the Unix socket | p50 ms | p99 ms | p50 / baseline |")
            .AppendLine("|---|---|---|---|")
            .AppendLine($"| baseline: echo server in the benchmark | {Ms(echo.P50)} | {Ms(echo.P99)} | 1.0 |")
            .AppendLine($"| pit serve: `system uptime` | {Ms(uptime.P50)} | {Ms(uptime.P99)} | {uptime.P50 / echo.P50:0.0} |")
            .AppendLine()
            .AppendLine("| W2 (1,000 tasks at 4, one line each) | run ms (median) | overhead ms/task vs bash loop |")
            .AppendLine("|---|---|---|")
            .AppendLine($"| baseline: bash loop (xargs -P 4) | {bashMs:0} | – |")
            .AppendLine($"| pit serve, nobody tailing | {aloneMs:0} | {Ms(perTaskAlone)} |")
            .AppendLine($"| pit serve, {options.TailClients} `run tail` clients | {tailedMs:0} | {Ms(perTaskTailed)} |")
            .AppendLine()
            .AppendLine($"CPU time of pit serve per W2 run (median, user + system): {Median(cpuAlone):0.00} s alone, {Median(cpuTailed):0.00} s with the tails " +
                        $"(the {options.TailClients} viewers run in the benchmark's process, on the same cores).")
            .AppendLine()
            .AppendLine($"Tailing adds {(tailedMs / aloneMs - 1) * 100:0.0}% to the run (goal ≤ 10%); the tails received {string.Join(", ", linesSeen)} log lines in all per run ({options.TailClients} clients × {tasks} task logs of 3 lines: attempt header, the echo, attempt footer).");
        return text.ToString();
    }
}
