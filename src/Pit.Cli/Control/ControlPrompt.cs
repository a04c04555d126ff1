using Pit.Cli.Commands;
using Pit.Server.Control;

namespace Pit.Cli.Control;

/// <summary><c>pit ctl</c> without a command: a prompt that runs one command per line until <c>exit</c> or end of input.</summary>
public static class ControlPrompt
{
    public static async Task<int> RunAsync(ControlClient client, CliConsole console, ControlPrinter printer)
    {
        console.Line($"connected to {client.Address}; 'help' lists the commands, 'exit' leaves");
        console.Out.Flush();
        while (true)
        {
            console.Out.Write("pit> ");
            console.Out.Flush();
            var line = Console.ReadLine();
            if (line is null || line.Trim() is "exit" or "quit") return ExitCodes.Success;
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            var exit = await CtlCommand.RunOneAsync(client, words, printer, console);
            if (exit == ExitCodes.NoService) return exit;
        }
    }
}
