using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Pit.Cli.Commands;
using Pit.Server.Control;

namespace Pit.Cli.Control;

/// <summary>
/// <c>pit ctl</c> without a command. At a terminal: an interactive prompt (<see cref="LineEditor"/>)
/// with history and Tab completion from the host's <c>help</c>; Ctrl-C stops a streaming command
/// and comes back to the prompt. Otherwise (input piped in): one command per line, no prompt.
/// Either way <c>exit</c>, <c>quit</c> or the end of input leaves.
/// </summary>
public static class ControlPrompt
{
    public const string Prompt = "pit> ";

    /// <param name="historyPath">Where the history lives (<c>&lt;workspace&gt;/.pit/ctl_history</c>), or null to keep it in memory.</param>
    public static Task<int> RunAsync(ControlClient client, CliConsole console, ControlPrinter printer, string? historyPath) =>
        Console.IsInputRedirected || Console.IsOutputRedirected
            ? PipedAsync(client, console, printer)
            : InteractiveAsync(client, console, printer, historyPath);

    /// <summary>True for <c>exit</c> and <c>quit</c>.</summary>
    public static bool IsExit(string[] words) => words is ["exit" or "quit"];

    /// <summary>
    /// Runs each line read from standard input (blank lines and <c>#</c> comments skipped): exit 0
    /// when every command succeeded, 1 when one failed, 3 as soon as the service is gone.
    /// </summary>
    private static async Task<int> PipedAsync(ControlClient client, CliConsole console, ControlPrinter printer)
    {
        var exit = ExitCodes.Success;
        while (await Console.In.ReadLineAsync() is { } line)
        {
            var words = Words(line);
            if (words.Length == 0 || words[0].StartsWith('#')) continue;
            if (IsExit(words)) break;
            var one = await CtlCommand.RunOneAsync(client, words, printer, console);
            if (one == ExitCodes.NoService) return one;
            if (one != ExitCodes.Success) exit = one;
        }
        return exit;
    }

    private static async Task<int> InteractiveAsync(ControlClient client, CliConsole console, ControlPrinter printer, string? historyPath)
    {
        var completion = await CompletionOfAsync(client);
        var history = historyPath is null ? CtlHistory.InMemory() : CtlHistory.Open(historyPath);
        var editor = new LineEditor(console.Out, () => Console.ReadKey(intercept: true), () => Console.WindowWidth, history,
            beforeCursor => CompleteAsync(client, completion, beforeCursor));
        console.Line($"connected to {client.Address}: 'help' lists the commands, Tab completes, Up/Down recall, Ctrl-C stops a stream, 'exit' or Ctrl-D leaves");

        // Ctrl-C while a command runs reaches us as SIGINT: it stops that command, never the prompt.
        var running = new Running();
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
        {
            signal.Cancel = true;
            running.Interrupt();
        });
        var treatControlCAsInput = Console.TreatControlCAsInput;
        try
        {
            while (true)
            {
                // At the prompt Ctrl-C is a key the editor reads (it clears the line).
                Console.TreatControlCAsInput = true;
                var line = await editor.ReadLineAsync(Prompt);
                Console.TreatControlCAsInput = false;
                if (line is null) return ExitCodes.Success;
                var words = Words(line);
                if (words.Length == 0) continue;
                if (IsExit(words)) return ExitCodes.Success;
                var stop = running.Start();
                int exit;
                try
                {
                    exit = await CtlCommand.RunOneAsync(client, words, printer, console, stop.Token);
                }
                finally
                {
                    running.Finish();
                    stop.Dispose();
                }
                if (exit == ExitCodes.NoService) return exit;
                if (exit == CtlCommand.Interrupted) console.Line("stopped");
            }
        }
        finally
        {
            Console.TreatControlCAsInput = treatControlCAsInput;
        }
    }

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The completion of the host's <c>help</c> (asked once); only <c>help</c> and <c>exit</c> when it does not answer.</summary>
    private static async Task<Completion> CompletionOfAsync(ControlClient client)
    {
        try
        {
            return Completion.From(await client.CallAsync(ControlHelp.Help));
        }
        catch (Exception e) when (e is ControlErrorException or ControlUnreachableException)
        {
            return Completion.None; // the first command says what is wrong
        }
    }

    /// <summary>Tab: the fixed words, and the current values of a completion kind asked of the host now.</summary>
    private static async Task<CompletionMatches> CompleteAsync(ControlClient client, Completion completion, string beforeCursor)
    {
        var query = completion.Query(beforeCursor);
        IReadOnlyList<string> values = [];
        if (query.ValuesKind is { } kind)
        {
            try
            {
                if (await client.CallAsync(ControlHelp.Complete, ControlClient.Argv([kind])) is JsonArray array)
                    values = array.Select(v => v?.ToString() ?? "").Where(v => v.Length > 0).ToList();
            }
            catch (Exception e) when (e is ControlErrorException or ControlUnreachableException)
            {
                // Nothing to offer; the next command will say what is wrong.
            }
        }
        return new CompletionMatches(query.Start, query.Prefix, query.Matches(values));
    }

    /// <summary>The command running now, for the SIGINT handler to stop (it runs on another thread).</summary>
    private sealed class Running
    {
        private readonly Lock _lock = new();
        private CancellationTokenSource? _current;

        public CancellationTokenSource Start()
        {
            lock (_lock) return _current = new CancellationTokenSource();
        }

        public void Finish()
        {
            lock (_lock) _current = null;
        }

        public void Interrupt()
        {
            lock (_lock)
            {
                _current?.Cancel();
            }
        }
    }
}
