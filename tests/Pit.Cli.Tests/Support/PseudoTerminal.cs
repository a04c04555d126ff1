using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pit.Cli.Tests.Support;

/// <summary>What a <see cref="PseudoTerminal"/> script came to: whether every step passed, the screen as drawn, the exit code (null while running).</summary>
public sealed record TerminalResult(bool Ok, string? Failed, string Screen, int? ExitCode)
{
    public override string ToString() => $"{(Ok ? "ok" : Failed)}; exit {ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(still running)"}\n--- screen\n{Screen}";
}

/// <summary>
/// A script of keystrokes and expectations for the built <c>pit</c> run in a pseudo-terminal of a
/// fixed size (Support/pty_driver.py, run with /usr/bin/python3): as a person at a terminal types.
/// Every wait has a generous deadline; the script stops at the first that fails.
/// </summary>
public sealed class PseudoTerminal
{
    public const string Tab = "\t";
    public const string Enter = "\r";
    public const string Up = "\u001b[A";
    public const string CtrlC = "\u0003";
    public const string CtrlD = "\u0004";
    public const int Rows = 30;
    public const int Columns = 100;

    private static readonly string Driver = Path.Combine(AppContext.BaseDirectory, "Support", "pty_driver.py");
    private static readonly string PitDll = Path.Combine(AppContext.BaseDirectory, "pit.dll");

    private readonly JsonArray _steps = [];

    /// <summary>Types <paramref name="keys"/> (use <see cref="Tab"/>, <see cref="Enter"/>, <see cref="Up"/>, …).</summary>
    public PseudoTerminal Send(string keys) => Step("send", keys);

    /// <summary>Waits for <paramref name="text"/> on the screen, on or below the line the last keys were typed on.</summary>
    public PseudoTerminal Expect(string text) => Step("expect", text);

    /// <summary>Waits until the line with the cursor reads exactly <paramref name="text"/>.</summary>
    public PseudoTerminal Line(string text) => Step("line", text);

    /// <summary>Sends a signal to the program's process group (2: SIGINT, as <c>kill -INT</c> from elsewhere).</summary>
    public PseudoTerminal Signal(int signal) => Step("signal", signal);

    /// <summary>Waits for the program to exit.</summary>
    public PseudoTerminal Exit() => Step("exit", true);

    /// <summary>Runs <c>pit <paramref name="args"/></c> in <paramref name="workingDirectory"/> through the script.</summary>
    public TerminalResult RunPit(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[Driver, "--rows", $"{Rows}", "--cols", $"{Columns}", "--cwd", workingDirectory,
                     "--env", "TERM=xterm", "--env", "NO_COLOR=1", "--", "dotnet", PitDll, .. args])
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the pty driver");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(_steps.ToJsonString());
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the pty driver did not finish pit {string.Join(' ', args)}");
        }
        if (process.ExitCode != 0 || stdout.Result.Length == 0)
            throw new InvalidOperationException($"the pty driver failed (exit {process.ExitCode}):\n{stderr.Result}");
        using var answer = JsonDocument.Parse(stdout.Result);
        var root = answer.RootElement;
        return new TerminalResult(
            root.GetProperty("ok").GetBoolean(),
            root.GetProperty("failed").GetString(),
            root.GetProperty("screen").GetString() ?? "",
            root.GetProperty("exit_code").ValueKind == JsonValueKind.Number ? root.GetProperty("exit_code").GetInt32() : null);
    }

    private PseudoTerminal Step(string kind, JsonNode value)
    {
        _steps.Add(new JsonObject { [kind] = value });
        return this;
    }
}
