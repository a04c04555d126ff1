using System.CommandLine;
using System.Runtime.InteropServices;
using Pit.Cli.Control;
using Pit.Core.Workspace;
using Pit.Server.Control;

namespace Pit.Cli.Commands;

/// <summary>
/// <c>pit ctl [--address A] [--json] &lt;palette&gt; &lt;command&gt; [args]</c>: one command on a
/// running service's control channel, printed, then exit (1 on an error reply, 3 when no service
/// answers). <c>pit ctl</c> alone opens the interactive prompt.
/// </summary>
public static class CtlCommand
{
    public const string Name = "ctl";

    /// <summary>The exit of a command Ctrl-C stopped.</summary>
    public const int Interrupted = 130;

    private static readonly Option<bool> Json = new("--json") { Description = "Print each reply as JSON" };

    private static readonly Argument<string[]> Words = new("command")
    {
        Description = "A palette, a command and its arguments (e.g. actor hierarchy -d 2); 'help' lists them",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>Options of <c>pit ctl</c> itself (and the global ones), wherever they stand; every other word goes to the service.</summary>
    private static readonly HashSet<string> OwnWithValue = ["--address", "--project-dir", "--secrets"];
    private static readonly HashSet<string> OwnFlags = ["--json"];

    public static Command Build(CliConsole console)
    {
        var command = new Command(Name, "Inspect and steer a running pit serve through its control channel (pit ctl help lists the commands)")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.Options.Add(ControlConnection.Address);
        command.Options.Add(Json);
        command.Arguments.Add(Words);
        command.SetAction((parsed, cancel) => ExecuteAsync(parsed, console, cancel));
        return command;
    }

    /// <summary>
    /// True for <c>pit ctl</c> with no command: the prompt handles Ctrl-C itself (it stops the
    /// running command, not the prompt), so the command line must not force an exit after it.
    /// </summary>
    public static bool OpensPrompt(ParseResult parsed) =>
        parsed.CommandResult.Command.Name == Name && CommandWords(parsed, Name).Count == 0;

    /// <summary>The words after <c>ctl</c> that are not its own options, in the order typed.</summary>
    public static List<string> CommandWords(ParseResult parsed, string commandName)
    {
        var tokens = parsed.Tokens.Select(t => t.Value).ToList();
        var start = tokens.IndexOf(commandName) + 1;
        var words = new List<string>();
        for (var i = start; i < tokens.Count; i++)
        {
            if (OwnWithValue.Contains(tokens[i])) i++;
            else if (!OwnFlags.Contains(tokens[i])) words.Add(tokens[i]);
        }
        return words;
    }

    private static async Task<int> ExecuteAsync(ParseResult parsed, CliConsole console, CancellationToken cancel)
    {
        var words = CommandWords(parsed, Name);
        var (client, exit) = await ControlConnection.OpenAsync(parsed, console, parsed.GetValue(ControlConnection.Address), cancel);
        if (client is null) return exit;
        await using (client)
        {
            var printer = new ControlPrinter(console.Out, parsed.GetValue(Json));
            if (words.Count == 0) return await ControlPrompt.RunAsync(client, console, printer, HistoryPath(parsed));
            return await RunOneAsync(client, words, printer, console);
        }
    }

    /// <summary>The prompt's history file in the workspace's state folder, or null when no workspace is found (the history then lives in memory).</summary>
    private static string? HistoryPath(ParseResult parsed)
    {
        try
        {
            var root = WorkspaceLocator.Find(parsed.GetValue(GlobalOptions.ProjectDir), Environment.CurrentDirectory);
            return Path.Combine(root, ".pit", CtlHistory.FileName);
        }
        catch (WorkspaceNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Runs one command; Ctrl-C stops a streaming one (the service ends it) and exits 130.</summary>
    public static async Task<int> RunOneAsync(ControlClient client, IReadOnlyList<string> words, ControlPrinter printer, CliConsole console, CancellationToken cancel = default)
    {
        var (cmd, args) = Split(words);
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
        {
            signal.Cancel = true;
            interrupt.Cancel();
        });
        try
        {
            await foreach (var reply in client.RepliesAsync(cmd, args, interrupt.Token))
            {
                if (reply.TryGetPropertyValue("data", out var data)) printer.Data(data);
                else if (reply.TryGetPropertyValue("result", out var result))
                {
                    if (cmd == ControlHelp.Help) printer.Help(result);
                    else printer.Result(result);
                }
                else if (reply["cancelled"] is not null) return Interrupted;
            }
            return ExitCodes.Success;
        }
        catch (Exception ex) when (ControlConnection.IsFailure(ex))
        {
            return ControlConnection.Failed(console, ex);
        }
    }

    /// <summary><c>help</c> and <c>complete</c> are one word; every other command is a palette and a command.</summary>
    public static (string Cmd, System.Text.Json.Nodes.JsonObject Args) Split(IReadOnlyList<string> words)
    {
        var length = words[0] is ControlHelp.Help or ControlHelp.Complete || words.Count == 1 ? 1 : 2;
        return (string.Join(' ', words.Take(length)), ControlClient.Argv(words.Skip(length)));
    }
}
