using System.CommandLine;

namespace Oaif.Cli.Infrastructure;

/// <summary>
/// Options that several verbs share, made fresh per command (System.CommandLine options belong to one
/// command each) so their names, defaults and help text stay the same everywhere.
/// </summary>
public static class CommonOptions
{
    public static Option<string> Device() => new("--device")
    {
        Description = "cpu or cuda (cuda:N for a given GPU).",
        DefaultValueFactory = _ => "cpu",
    };

    public static Option<string> DType() => new("--dtype")
    {
        Description = "float32 or bfloat16 for the model weights.",
        DefaultValueFactory = _ => "float32",
    };

    public static Option<string?> Config() => new("--config")
    {
        Description = "A JSON or YAML config file; flags and --set override it.",
    };

    public static Option<string[]> Set() => new("--set")
    {
        Description = "Override one config key, e.g. --set trainer.learning_rate=1e-6 (repeatable).",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<string?> Out(string description = "Run directory to write.") => new("--out")
    {
        Description = description,
    };

    public static Option<string?> Resume() => new("--resume")
    {
        Description = "Continue the run in this directory from its last checkpoint.",
    };

    public static Option<bool> Quiet() => new("--quiet")
    {
        Description = "No progress bar; log lines only.",
    };
}
