using System.CommandLine;
using Oaif.Model;

namespace Oaif.Cli.Commands;

/// <summary><c>oaif convert</c>: rewrites a model (llama2.c .bin or HF directory) as a Hugging Face
/// directory.</summary>
public static class ConvertCommand
{
    public static Command Create(TextWriter? output = null)
    {
        var from = new Option<string>("--from")
        {
            Description = "llama2.c .bin checkpoint or HF directory",
            Required = true,
        };
        var to = new Option<string>("--to")
        {
            Description = "Output directory (config.json + model.safetensors)",
            Required = true,
        };
        var dtype = GenerateCommand.DTypeOption();
        var command = new Command("convert", "Convert a llama2.c checkpoint to a Hugging Face directory.");
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(dtype);
        command.SetAction(parse =>
        {
            var target = parse.GetValue(to)!;
            using var model = ModelLoader.Load(parse.GetValue(from)!, TorchSharp.torch.CPU,
                ModelLoader.ParseDType(parse.GetValue(dtype)!));
            model.Save(target);
            (output ?? Console.Out).WriteLine($"wrote {Path.Combine(target, HfModelDirectory.ConfigFile)} " +
                                              $"and {HfModelDirectory.WeightsFile}");
            return 0;
        });
        return command;
    }
}
