using System.CommandLine;
using Pit.Cli.Commands;

namespace Pit.Cli;

/// <summary>The <c>pit</c> command line: global options, subcommands, exit codes.</summary>
public static class PitCommand
{
    public static RootCommand Build(CliConsole console)
    {
        var root = new RootCommand("Pit: a lightweight data orchestrator. DAGs live in projects/<name>/pit.toml.");
        GlobalOptions.AddTo(root);
        root.Subcommands.Add(ValidateCommand.Build(console));
        root.Subcommands.Add(InitCommand.Build(console));
        root.Subcommands.Add(OutputsCommand.Build(console));
        root.Subcommands.Add(RunCommand.Build(console));
        root.Subcommands.Add(LogsCommand.Build(console));
        root.Subcommands.Add(StatusCommand.Build(console));
        root.Subcommands.Add(HistoryCommand.Build(console));
        root.Subcommands.Add(SecretsCommand.Build(console));
        root.Subcommands.Add(ServeCommand.Build(console));
        root.Subcommands.Add(CtlCommand.Build(console));
        root.Subcommands.Add(TriggerCommand.Build(console));
        root.Subcommands.Add(CancelCommand.Build(console));
        root.Subcommands.Add(TopCommand.Build(console));
        root.Subcommands.Add(RerunCommand.Build(console));
        root.Subcommands.Add(BackfillCommand.Build(console));
        root.Subcommands.Add(GcCommand.Build(console));
        return root;
    }

    public static int Run(string[] args, TextWriter output, TextWriter error, bool colour = false)
    {
        var console = new CliConsole(output, error, colour);
        var root = Build(console);
        var parsed = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        // pit serve handles SIGTERM and SIGINT itself and may wait minutes for active runs: no
        // forced exit two seconds after the signal. Nor for the pit ctl prompt, where Ctrl-C stops a
        // stream and the prompt goes on.
        if (parsed.CommandResult.Command.Name == ServeCommand.Name || CtlCommand.OpensPrompt(parsed)) configuration.ProcessTerminationTimeout = null;
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors) console.Error(problem.Message);
            console.Error("Run 'pit --help' (or 'pit <command> --help') for usage.");
            return ExitCodes.Usage;
        }
        return parsed.Invoke(configuration);
    }
}
