using System.CommandLine;
using System.Reflection;

namespace Oaif.Cli.Commands;

/// <summary><c>oaif version</c>: prints the tool version and the libtorch build it runs on.</summary>
public static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the oaif version and the torch backend.");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly
                .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
            Console.WriteLine($"oaif {version}");
            Console.WriteLine($"torch cuda_available={TorchSharp.torch.cuda.is_available()} " +
                              $"threads={TorchSharp.torch.get_num_threads()}");
            return 0;
        });
        return command;
    }
}
