using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pit.Benchmarks;

/// <summary>
/// The SDK socket's round trip (issue 4), served by a real `pit run`: its task writes PIT_SOCKET and
/// PIT_TOKEN to a file and waits; this process measures C# clients (1 and 16, ping and get_secret),
/// then lets the task measure the Python SDK from forked clients. The baseline is a bare Python Unix
/// socket echo server and client doing the same loop.
/// </summary>
internal static class SdkBenchmark
{
    public sealed record Figures(string Client, string Method, int Clients, int Requests, double P50Us, double P99Us, double Rps);

    private const string Python = "/usr/bin/python3";

    public static string Run(BenchmarkOptions options, string pitDll, string scratch)
    {
        var workspace = Path.Combine(scratch, "sdk");
        var script = Path.Combine(AppContext.BaseDirectory, "sdk_load.py");
        Generate(workspace, script);
        var endpoint = Path.Combine(workspace, "endpoint.json");
        var go = Path.Combine(workspace, "python-go");
        var pythonResults = Path.Combine(workspace, "python-results.json");

        Console.WriteLine("SDK: starting a run whose task serves as the endpoint …");
        var pit = Task.Run(() => ChildProcess.Run("dotnet", [pitDll, "run", "bench", "--project-dir", workspace], workspace));
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(endpoint))
        {
            if (pit.IsCompleted) throw new InvalidOperationException($"the SDK benchmark run ended early\n{pit.Result.Tails()}");
            if (deadline.Elapsed > TimeSpan.FromMinutes(2)) throw new InvalidOperationException("the SDK benchmark task never wrote its endpoint");
            Thread.Sleep(20);
        }
        Thread.Sleep(100);
        var target = JsonNode.Parse(File.ReadAllText(endpoint))!;
        var (socketPath, token) = ((string)target["socket"]!, (string)target["token"]!);

        var figures = new List<Figures>();
        foreach (var method in new[] { "ping", "get_secret" })
            foreach (var clients in new[] { 1, 16 })
            {
                Measure(socketPath, token, method, clients, 500); // warm-up
                figures.Add(Measure(socketPath, token, method, clients, clients == 1 ? 20_000 : 4_000));
            }
        File.WriteAllText(go, "");
        var run = pit.Result;
        if (run.ExitCode != 0) throw new InvalidOperationException($"the SDK benchmark run failed\n{run.Tails()}");
        foreach (var line in File.ReadAllLines(pythonResults))
            figures.Add(FromPython("pit_sdk (Python)", line));
        foreach (var clients in new[] { 1, 16 })
        {
            var echo = ChildProcess.Run(Python, [script, "echo", clients.ToString(), clients == 1 ? "20000" : "2000"], workspace);
            if (echo.ExitCode != 0) throw new InvalidOperationException($"the Python echo baseline failed\n{echo.Tails()}");
            figures.Add(FromPython("bare Python echo (baseline)", echo.Stdout.Trim(), "echo"));
        }
        return Render(figures);
    }

    private static Figures FromPython(string client, string json, string? method = null)
    {
        var f = JsonNode.Parse(json)!;
        return new Figures(client, method ?? (string)f["method"]!, (int)f["clients"]!, (int)f["requests"]!, (double)f["p50_us"]!, (double)f["p99_us"]!, (double)f["rps"]!);
    }

    private static Figures Measure(string socketPath, string token, string method, int clients, int requestsEach)
    {
        var latencies = new long[clients][];
        var wall = Stopwatch.StartNew();
        Parallel.For(0, clients, new ParallelOptions { MaxDegreeOfParallelism = clients }, client =>
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            using var stream = new NetworkStream(socket);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var parameters = method == "ping" ? "{}" : """{"key":"bench_secret"}""";
            var own = new long[requestsEach];
            for (var i = 0; i < requestsEach; i++)
            {
                var request = Encoding.UTF8.GetBytes($$"""{"id":{{i}},"method":"{{method}}","params":{{parameters}},"token":"{{token}}"}""" + "\n");
                var started = Stopwatch.GetTimestamp();
                stream.Write(request);
                var reply = reader.ReadLine() ?? throw new InvalidOperationException("the SDK socket closed the connection");
                own[i] = Stopwatch.GetTimestamp() - started;
                if (i == 0 && !reply.Contains("\"result\"")) throw new InvalidOperationException($"unexpected reply: {reply}");
            }
            latencies[client] = own;
        });
        wall.Stop();
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Us(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
        return new Figures("C# (raw socket)", method, clients, all.Length, Us(all[all.Length / 2]), Us(all[(int)(all.Length * 0.99)]), all.Length / wall.Elapsed.TotalSeconds);
    }

    private static void Generate(string workspace, string script)
    {
        var project = Path.Combine(workspace, "projects", "bench");
        Directory.CreateDirectory(Path.Combine(project, "tasks"));
        File.WriteAllText(Path.Combine(workspace, "pit_config.toml"), $"""
            runs_dir = "runs"
            python = "{Python}"
            secrets_dir = "secrets.toml"

            """);
        File.WriteAllText(Path.Combine(workspace, "secrets.toml"), "[bench]\nbench_secret = \"a-benchmark-value\"\n");
        File.WriteAllText(Path.Combine(project, "pit.toml"), """
            [dag]
            name = "bench"
            [[tasks]]
            name = "serve"
            script = "tasks/serve.py"
            timeout = "10m"
            """);
        File.WriteAllText(Path.Combine(project, "tasks", "serve.py"), $$"""
            import json, os, subprocess, sys, time
            workspace = {{JsonSerializer.Serialize(workspace)}}
            with open(os.path.join(workspace, "endpoint.json.tmp"), "w") as f:
                json.dump({"socket": os.environ["PIT_SOCKET"], "token": os.environ["PIT_TOKEN"]}, f)
            os.rename(os.path.join(workspace, "endpoint.json.tmp"), os.path.join(workspace, "endpoint.json"))
            while not os.path.exists(os.path.join(workspace, "python-go")):
                time.sleep(0.05)
            results = []
            for method, clients, requests in [("ping", 1, 20000), ("ping", 16, 1000), ("get_secret", 1, 20000), ("get_secret", 16, 1000)]:
                out = subprocess.run([sys.executable, {{JsonSerializer.Serialize(script)}}, "sdk", method, str(clients), str(requests)],
                                     check=True, capture_output=True, text=True).stdout
                figures = json.loads(out)
                figures["method"] = method
                results.append(json.dumps(figures))
            with open(os.path.join(workspace, "python-results.json"), "w") as f:
                f.write("\n".join(results) + "\n")
            """);
    }

    private static string Render(IReadOnlyList<Figures> figures)
    {
        var report = new StringBuilder()
            .AppendLine("# Pit SDK socket benchmark")
            .AppendLine()
            .AppendLine($"One `pit run` serves the socket; {Environment.ProcessorCount} cores; each client runs its requests back to back on one connection.")
            .AppendLine()
            .AppendLine("| client | method | clients | requests | p50 µs | p99 µs | requests/s |")
            .AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var f in figures)
            report.AppendLine($"| {f.Client} | {f.Method} | {f.Clients} | {f.Requests} | {f.P50Us:F0} | {f.P99Us:F0} | {f.Rps:F0} |");
        var goal = figures.FirstOrDefault(f => f.Client.StartsWith("C#") && f.Method == "ping" && f.Clients == 16);
        var single = figures.FirstOrDefault(f => f.Client.StartsWith("C#") && f.Method == "ping" && f.Clients == 1);
        if (goal is not null && single is not null)
            report.AppendLine()
                .AppendLine($"Goal (C#, 16 clients): p50 under 100 µs and ≥ 50,000 requests/s: p50 {goal.P50Us:F0} µs (1 client: {single.P50Us:F0} µs), " +
                            $"{goal.Rps:F0} requests/s — {(goal.P50Us < 100 && goal.Rps >= 50_000 ? "met" : "**NOT met**")}.");
        return report.ToString();
    }
}
