using System.Diagnostics;
using System.Text.Json;

namespace Pit.Cli.Tests.Support;

/// <summary>
/// What the pseudo-terminal driver saw: the step that timed out (if any), the exit code, the screen's
/// text at the end and at each <see cref="PtyTop.Snapshot"/> step.
/// </summary>
public sealed record PtyResult(bool Ok, string? Failed, int? ExitCode, string Screen, IReadOnlyList<string> Snapshots, bool Restored, string Stderr)
{
    public override string ToString() =>
        $"failed step: {Failed ?? "none"}, exit {ExitCode?.ToString() ?? "none"}, restored {Restored}\n"
        + string.Concat(Snapshots.Select((s, i) => $"--- snapshot {i}\n{s}\n"))
        + $"--- screen\n{Screen}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Runs the built <c>pit</c> in a pseudo-terminal of a fixed size through <c>Support/top_pty.py</c>
/// (Python's stdlib <c>pty</c>, run by <see cref="TempWorkspace.Python"/>), doing the steps in order:
/// <see cref="Expect"/> text on the screen, <see cref="Send"/> keys, keep a <see cref="Snapshot"/> of the
/// screen, wait at a <see cref="PtyHold"/> while the spec looks at the service, <see cref="Exit"/>.
/// Times are shown in UTC (TZ=UTC) so specs can write them out.
/// </summary>
public static class PtyTop
{
    public const int Columns = 120;
    public const int Rows = 40;

    private static readonly string Driver = Path.Combine(AppContext.BaseDirectory, "Support", "top_pty.py");
    private static readonly string PitDll = Path.Combine(AppContext.BaseDirectory, "pit.dll");

    public static string[] Expect(string text) => ["--expect", text];

    /// <summary>Keys in Python's escapes: <c>\t</c>, <c>\x1b[B</c> (Down), <c>\x03</c> (Ctrl-C).</summary>
    public static string[] Send(string keys) => ["--send", keys];

    /// <summary>Keeps the screen as it is now. Take it after expecting the lowest text it needs: a frame is drawn top to bottom.</summary>
    public static string[] Snapshot() => ["--snapshot"];

    public static string[] Exit() => ["--exit"];

    public const string Down = "\\x1b[B";
    public const string Up = "\\x1b[A";
    public const string Tab = "\\t";
    public const string CtrlC = "\\x03";

    /// <summary>Runs the steps in the background, for specs that act while pit top runs (see <see cref="PtyHold"/>).</summary>
    public static Task<PtyResult> Start(string workingDirectory, IEnumerable<string[]> steps, params string[] pitArgs) =>
        Task.Run(() => Run(workingDirectory, steps, pitArgs));

    public static PtyResult Run(string workingDirectory, IEnumerable<string[]> steps, params string[] pitArgs)
    {
        var start = new ProcessStartInfo(TempWorkspace.Python)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[Driver, "--cols", Columns.ToString(), "--rows", Rows.ToString(), "--timeout", "60"]) start.ArgumentList.Add(arg);
        foreach (var step in steps)
        foreach (var arg in step)
            start.ArgumentList.Add(arg);
        foreach (var arg in (string[])["--", "dotnet", PitDll, .. pitArgs]) start.ArgumentList.Add(arg);
        start.Environment["TZ"] = "UTC";
        start.Environment.Remove("NO_COLOR");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the pty driver");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the pty driver did not finish: pit {string.Join(' ', pitArgs)}");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"the pty driver failed (exit {process.ExitCode}):\n{stderr.Result}");
        var json = JsonDocument.Parse(stdout.Result).RootElement;
        return new PtyResult(
            json.GetProperty("ok").GetBoolean(),
            json.GetProperty("failed").GetString(),
            json.GetProperty("exit").ValueKind == JsonValueKind.Number ? json.GetProperty("exit").GetInt32() : null,
            json.GetProperty("screen").GetString()!,
            json.GetProperty("snapshots").EnumerateArray().Select(e => e.GetString()!).ToList(),
            json.GetProperty("restored").GetBoolean(),
            json.GetProperty("stderr").GetString()!);
    }
}
