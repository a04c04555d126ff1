using System.CommandLine;
using Pit.Cli.Control;
using Pit.Server.Control;

namespace Pit.Cli.Commands;

/// <summary>
/// <c>pit cancel &lt;run-id&gt; [--address A]</c>: stops a run of a running <c>pit serve</c> through its
/// control channel (<c>run cancel</c>); its tasks get SIGTERM, then SIGKILL after kill_grace, and the
/// run ends cancelled. Exit 1 when the service refuses (no such run, it already finished, it is not
/// this service's), 3 when no service answers.
/// </summary>
public static class CancelCommand
{
    private static readonly Argument<string> RunId = new("run-id") { Description = "The run to cancel (pit ctl run ls lists them)" };

    public static Command Build(CliConsole console)
    {
        var command = new Command("cancel", "Cancel a running run on the running pit serve (through its control channel)");
        command.Arguments.Add(RunId);
        command.Options.Add(ControlConnection.Address);
        command.SetAction((parsed, cancel) => ExecuteAsync(parsed, console, cancel));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parsed, CliConsole console, CancellationToken cancel)
    {
        var runId = parsed.GetValue(RunId)!;
        var (client, exit) = await ControlConnection.OpenAsync(parsed, console, parsed.GetValue(ControlConnection.Address), cancel);
        if (client is null) return exit;
        await using (client)
        {
            try
            {
                await client.CallAsync("run cancel", ControlClient.Argv([runId]), cancel);
            }
            catch (Exception ex) when (ControlConnection.IsFailure(ex))
            {
                return ControlConnection.Failed(console, ex);
            }
            console.Line($"run {runId}: cancelling (its tasks get SIGTERM, then SIGKILL after kill_grace)");
            return ExitCodes.Success;
        }
    }
}
