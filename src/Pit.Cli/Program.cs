using System.Text;
using Pit.Cli;

// Buffer stdout: a large workspace prints thousands of lines, one write call each otherwise.
var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
try
{
    return PitCommand.Run(args, stdout, Console.Error, CliConsole.TerminalWantsColour());
}
finally
{
    stdout.Flush();
}
