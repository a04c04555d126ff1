using System.CommandLine;
using System.Text.Json.Nodes;
using Pit.Cli.Control;
using Pit.Engine.Control;
using Pit.Server.Control;

namespace Pit.Cli.Commands;

/// <summary>
/// <c>pit trigger &lt;dag&gt; [key=value…] [--wait] [--address A]</c>: starts a run on a running
/// <c>pit serve</c> through its control channel (<c>dag trigger</c>, trigger name <c>ctl</c>) and
/// prints its run id; with <c>--wait</c> follows it and exits with its result (<see cref="RunWait"/>).
/// Exit 2 for an unknown DAG or a word that is not <c>key=value</c>, 1 for any other refusal, 3 when no service answers.
/// </summary>
public static class TriggerCommand
{
    private static readonly Argument<string> Dag = new("dag") { Description = "The DAG to run" };

    private static readonly Argument<string[]> Parameters = new("parameters")
    {
        Description = "The run's parameters, as key=value (e.g. date=2025-03-14)",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static readonly Option<bool> Wait = new("--wait")
    {
        Description = "Follow the run until it ends (its task output with --verbose); exit 0 when it succeeded, 1 when it did not",
    };

    public static Command Build(CliConsole console)
    {
        var command = new Command("trigger", "Start a run of a DAG on the running pit serve (through its control channel) and print its run id");
        command.Arguments.Add(Dag);
        command.Arguments.Add(Parameters);
        command.Options.Add(Wait);
        command.Options.Add(ControlConnection.Address);
        command.SetAction((parsed, cancel) => ExecuteAsync(parsed, console, cancel));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parsed, CliConsole console, CancellationToken cancel)
    {
        var dag = parsed.GetValue(Dag)!;
        var words = parsed.GetValue(Parameters) ?? [];
        try
        {
            // The same check the service makes, before connecting: a bad word is a usage error.
            TriggerParameters.Parse(words);
        }
        catch (ControlException ex)
        {
            console.Error($"error: {ex.Message}");
            return ExitCodes.Usage;
        }
        var (client, exit) = await ControlConnection.OpenAsync(parsed, console, parsed.GetValue(ControlConnection.Address), cancel);
        if (client is null) return exit;
        await using (client)
        {
            JsonNode? result;
            try
            {
                result = await client.CallAsync("dag trigger", ControlClient.Argv([dag, .. words]), cancel);
            }
            catch (ControlErrorException ex)
            {
                console.Error($"error: {ex.Message}");
                return ex.Code == "not_found" ? ExitCodes.Usage : ExitCodes.Failure;
            }
            catch (ControlUnreachableException ex)
            {
                console.Error($"error: {ex.Message}");
                return ExitCodes.NoService;
            }
            if (result?["run_id"]?.GetValue<string>() is not { } runId)
            {
                var position = result?["queued"]?.ToJsonString() ?? "?";
                console.Line($"queued: the trigger of {dag} waits in line (position {position}); it starts when the run ahead of it ends");
                if (!parsed.GetValue(Wait)) return ExitCodes.Success;
                console.Error($"pit trigger: --wait does not follow a queued trigger: it has no run id until it starts (see `pit ctl run ls --dag {dag}`)");
                return ExitCodes.Failure;
            }
            console.Line(runId);
            console.Out.Flush();
            if (!parsed.GetValue(Wait)) return ExitCodes.Success;
            return await RunWait.FollowAsync(client, runId, parsed.GetValue(GlobalOptions.Verbose), console);
        }
    }
}
