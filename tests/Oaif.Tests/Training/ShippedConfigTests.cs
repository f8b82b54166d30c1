using Oaif.Tests.Support;
using Oaif.Training;

namespace Oaif.Tests.Training;

/// <summary>The example configs in configs/ are documentation; they must load and validate.</summary>
public class ShippedConfigTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "configs"))) data.Add(file);
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void LoadsAndValidates(string path)
    {
        var config = ConfigLoader.Load(path);
        Assert.True(config.Trainer.MaxSteps > 0);
    }
}
