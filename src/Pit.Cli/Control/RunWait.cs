using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Pit.Cli.Output;
using Pit.Server.Control;

namespace Pit.Cli.Control;

/// <summary>
/// <c>pit trigger --wait</c>: follows a run on the control channel (<c>run tail</c>) until it ends,
/// printing its task output as <c>[task] line</c> when verbose, then its summary (<c>run show</c>).
/// Exit 0 when it succeeded, 1 when it failed, timed out or was cancelled; Ctrl-C stops waiting
/// (130) and leaves the run going; 3 when the service goes away first.
/// </summary>
public static class RunWait
{
    public const int Interrupted = 130;

    /// <param name="command">The command that waits, for its messages.</param>
    public static async Task<int> FollowAsync(ControlClient client, string runId, bool verbose, CliConsole console, string command = "pit trigger")
    {
        using var interrupt = new CancellationTokenSource();
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
        {
            signal.Cancel = true;
            interrupt.Cancel();
        });
        string? state = null;
        try
        {
            await foreach (var reply in client.RepliesAsync("run tail", ControlClient.Argv([runId]), interrupt.Token))
            {
                if (reply["cancelled"] is not null)
                {
                    console.Error($"{command}: stopped waiting; run {runId} goes on (`pit cancel {runId}` stops it)");
                    return Interrupted;
                }
                if (reply["data"] is not JsonObject data) continue;
                if (data["end"] is not null) state = Text(data["state"]);
                else if (verbose)
                {
                    console.Line($"[{Text(data["task"])}] {Text(data["line"])}");
                    console.Out.Flush();
                }
            }
            WriteSummary(console, runId, await client.CallAsync("run show", ControlClient.Argv([runId])));
        }
        catch (ControlErrorException ex)
        {
            console.Error($"error: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (ControlUnreachableException ex)
        {
            console.Error($"error: {ex.Message}; run {runId} may still be going");
            return ExitCodes.NoService;
        }
        return state == "success" ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary><c>run &lt;id&gt; success in 1.2s</c> (and its reason), then a line per task, as <c>pit run</c> ends.</summary>
    private static void WriteSummary(CliConsole console, string runId, JsonNode? run)
    {
        var state = Text(run?["state"]);
        var verdict = state == "success" ? console.Green(state) : console.Red(state);
        var took = run?["duration_seconds"] is JsonValue seconds ? $" in {Seconds(seconds)}" : "";
        var reason = Text(run?["reason"]) is { Length: > 0 } why ? $" ({why})" : "";
        console.Line($"run {runId} {verdict}{took}{reason}");
        var table = new TextTable("  task", "state", "attempts", "duration", "exit");
        foreach (var task in run?["tasks"]?.AsArray() ?? [])
        {
            var taskState = Text(task?["state"]) + (task?["reused"] is JsonValue { } reused && reused.GetValue<bool>() ? " (reused)" : "");
            table.Add($"  {Text(task?["name"])}", taskState, task?["attempts"]?.ToJsonString() ?? "",
                task?["duration_seconds"] is JsonValue duration ? Seconds(duration) : "", task?["exit_code"]?.ToJsonString() ?? "");
        }
        table.WriteTo(console.Out);
        console.Out.Flush();
    }

    private static string Seconds(JsonValue seconds) => RunProgress.Seconds(TimeSpan.FromSeconds(seconds.GetValue<double>()));

    private static string Text(JsonNode? node) => node is JsonValue value ? value.ToString() : "";
}
