using System.CommandLine;
using System.Globalization;
using Pit.Cli.Control;
using Pit.Cli.Top;
using Pit.Core.Time;
using Pit.Server.Control;

namespace Pit.Cli.Commands;

/// <summary>
/// <c>pit top [--address A] [--interval 1s]</c>: a live view of a running service through its
/// control channel (DAGs, active runs, recent failures, the selected run's tasks and log; keys to
/// trigger, pause and cancel). When stdin or stdout is not a terminal it prints one plain snapshot
/// and exits. Exit 3 when no service answers (at the start, or for good while running).
/// </summary>
public static class TopCommand
{
    /// <summary>How long the live view keeps retrying a service that stopped answering, at the least.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(10);

    private static readonly Option<string> Interval = new("--interval")
    {
        Description = "How often the live view refreshes (e.g. 1s, 500ms, 5s)",
        DefaultValueFactory = _ => "1s",
    };

    public static Command Build(CliConsole console)
    {
        var command = new Command("top", "A live terminal view of a running pit serve: DAGs, active runs, recent failures, a run's log (a plain snapshot when not on a terminal)");
        command.Options.Add(ControlConnection.Address);
        command.Options.Add(Interval);
        command.SetAction((parsed, cancel) => ExecuteAsync(parsed, console, cancel));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parsed, CliConsole console, CancellationToken cancel)
    {
        var intervalText = parsed.GetValue(Interval) ?? "1s";
        if (!DurationText.TryParse(intervalText, out var interval, out var problem) || interval <= TimeSpan.Zero)
        {
            console.Error($"error: --interval takes a duration above zero such as 1s or 500ms, got '{intervalText}'{(problem.Length > 0 ? $" ({problem})" : "")}");
            return ExitCodes.Usage;
        }
        var addressText = parsed.GetValue(ControlConnection.Address);
        var (client, exit) = await ControlConnection.OpenAsync(parsed, console, addressText, cancel);
        if (client is null) return exit;
        var address = client.Address.ToString();
        if (Console.IsOutputRedirected || Console.IsInputRedirected)
        {
            await using (client) return await SnapshotAsync(client, console, address, cancel);
        }

        var giveUp = interval * 5 > GiveUpAfter ? interval * 5 : GiveUpAfter;
        var screen = new TopScreen(c => ReconnectAsync(parsed, addressText, c), address, interval, giveUp,
            new TopRenderer(TopFormat.Local), CliConsole.TerminalWantsColour());
        var code = await screen.RunAsync(client, console.Out, cancel);
        if (code == ExitCodes.NoService) console.Error($"error: {screen.Problem}; gave up after {TopFormat.Seconds(giveUp.TotalSeconds)} without an answer");
        return code;
    }

    /// <summary>The plain snapshot: exit 0, or 1 when the service answers with an error, 3 when it is gone.</summary>
    private static async Task<int> SnapshotAsync(ControlClient client, CliConsole console, string address, CancellationToken cancel)
    {
        try
        {
            var snapshot = await TopSource.ListsAsync(client, cancel);
            new TopText(TopFormat.Local).Write(console.Out, snapshot, address);
            return ExitCodes.Success;
        }
        catch (ControlErrorException ex)
        {
            console.Error($"error: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (FormatException ex)
        {
            console.Error($"error: the service's reply is not what pit top reads: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (ControlUnreachableException ex)
        {
            console.Error($"error: {ex.Message}");
            return ExitCodes.NoService;
        }
    }

    /// <summary>Connects again as at the start, keeping the message (the screen shows it) instead of printing it.</summary>
    private static async Task<(ControlClient?, string?)> ReconnectAsync(ParseResult parsed, string? addressText, CancellationToken cancel)
    {
        using var errors = new StringWriter(CultureInfo.InvariantCulture);
        var quiet = new CliConsole(TextWriter.Null, errors, colour: false);
        var (client, _) = await ControlConnection.OpenAsync(parsed, quiet, addressText, cancel);
        return (client, errors.ToString().Trim().Replace("error: ", "", StringComparison.Ordinal));
    }
}
