using Pit.Cli;

return PitCommand.Run(args, Console.Out, Console.Error);
