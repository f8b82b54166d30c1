using System.CommandLine;
using Oaif.Cli;
using Oaif.Cli.Commands;

// Each verb lives in its own file under Commands/ and returns a ready System.CommandLine Command.
var root = new RootCommand("oaif: align language models with online AI feedback (OAIF).");
root.Subcommands.Add(VersionCommand.Create());
root.Subcommands.Add(DataCommand.Create());
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(ConvertCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(SftCommand.Create());
root.Subcommands.Add(TrainRmCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(EvaluateCommand.Create());
root.Subcommands.Add(QuickstartCommand.Create());
root.Subcommands.Add(RecipeCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
return CliRunner.Run(root, args);
