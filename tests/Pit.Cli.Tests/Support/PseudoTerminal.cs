using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pit.Cli.Tests.Support;

/// <summary>
/// The built <c>pit</c> running in a pseudo-terminal of a fixed size, typed at as a person would:
/// keystrokes in, the screen (a small terminal model) out. Driven through Support/pty_driver.py
/// (run with /usr/bin/python3), one step at a time; every wait has a generous deadline and a
/// failed one throws with the screen as drawn. Dispose ends pit if it still runs.
/// </summary>
public sealed class PseudoTerminal : IDisposable
{
    public const string Tab = "\t";
    public const string Enter = "\r";
    public const string Up = "\u001b[A";
    public const string CtrlC = "\u0003";
    public const string CtrlD = "\u0004";
    public const string CtrlU = "\u0015";
    public const int Rows = 30;
    public const int Columns = 100;

    private static readonly string Driver = Path.Combine(AppContext.BaseDirectory, "Support", "pty_driver.py");
    private static readonly string PitDll = Path.Combine(AppContext.BaseDirectory, "pit.dll");

    private readonly Process _driver;
    private readonly Task<string> _driverErrors;

    private PseudoTerminal(Process driver)
    {
        _driver = driver;
        _driverErrors = driver.StandardError.ReadToEndAsync();
    }

    /// <summary>The screen after the last step, one line per row.</summary>
    public string Screen { get; private set; } = "";

    /// <summary>Starts <c>pit <paramref name="args"/></c> in <paramref name="workingDirectory"/> (TERM=xterm, NO_COLOR=1).</summary>
    public static PseudoTerminal StartPit(string workingDirectory, params string[] args)
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
        return new PseudoTerminal(Process.Start(start) ?? throw new InvalidOperationException("could not start the pty driver"));
    }

    /// <summary>Types <paramref name="keys"/> (use <see cref="Tab"/>, <see cref="Enter"/>, <see cref="Up"/>, …).</summary>
    public PseudoTerminal Send(string keys) => Must(new JsonObject { ["send"] = keys });

    /// <summary>Waits for <paramref name="text"/> on the screen, on or below the line the last keys were typed on.</summary>
    public PseudoTerminal Expect(string text) => Must(new JsonObject { ["expect"] = text });

    /// <summary>True once <paramref name="text"/> shows (as <see cref="Expect"/>), false when it has not within <paramref name="limit"/>.</summary>
    public bool Shows(string text, TimeSpan limit) => Step(new JsonObject { ["expect"] = text, ["timeout"] = limit.TotalSeconds }).Ok;

    /// <summary>Waits until the line with the cursor reads exactly <paramref name="text"/>.</summary>
    public PseudoTerminal Line(string text) => Must(new JsonObject { ["line"] = text });

    /// <summary>Sends a signal to pit's process group (2: SIGINT, as <c>kill -INT</c> from elsewhere).</summary>
    public PseudoTerminal Signal(int signal) => Must(new JsonObject { ["signal"] = signal });

    /// <summary>Waits for pit to exit and returns its exit code.</summary>
    public int WaitForExit() => Step(new JsonObject { ["exit"] = true }) is { Ok: true, ExitCode: { } code } ? code : throw Failure("pit to exit", "it did not");

    public void Dispose()
    {
        try
        {
            _driver.StandardInput.Close();
            if (!_driver.WaitForExit(TimeSpan.FromMinutes(1))) _driver.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        _driver.Dispose();
    }

    private PseudoTerminal Must(JsonObject step)
    {
        var answer = Step(step);
        if (!answer.Ok) throw Failure(step.ToJsonString(), answer.Failed);
        return this;
    }

    private (bool Ok, string? Failed, int? ExitCode) Step(JsonObject step)
    {
        _driver.StandardInput.WriteLine(step.ToJsonString());
        _driver.StandardInput.Flush();
        var line = _driver.StandardOutput.ReadLine()
                   ?? throw new InvalidOperationException($"the pty driver ended:\n{(_driver.WaitForExit(TimeSpan.FromSeconds(10)) ? _driverErrors.Result : "")}");
        using var answer = JsonDocument.Parse(line);
        var root = answer.RootElement;
        Screen = root.GetProperty("screen").GetString() ?? "";
        var exit = root.GetProperty("exit_code");
        return (root.GetProperty("ok").GetBoolean(), root.GetProperty("failed").GetString(), exit.ValueKind == JsonValueKind.Number ? exit.GetInt32() : null);
    }

    private TimeoutException Failure(string step, string? why) => new($"{step}: {why}\n--- screen\n{Screen}");
}
