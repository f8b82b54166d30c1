using Oaif.Cli.Commands;

namespace Oaif.Tests.Cli;

public class EvaluateCommandNamesTests
{
    [Theory]
    [InlineData("/runs/online/checkpoint-80/model", "/runs/sft/model", "checkpoint-80/model", "sft/model")]
    [InlineData("/runs/a/model", "/runs/b/model/", "a/model", "b/model")]
    [InlineData("/m/policy", "/m/reference", "policy", "reference")]
    [InlineData("/x/model", "/x/model", "/x/model", "/x/model")]
    public void NamesGrowUntilTheyDiffer(string candidate, string baseline, string expectedCandidate,
        string expectedBaseline)
    {
        var (a, b) = EvaluateCommand.DisplayNames(candidate, baseline);
        Assert.Equal(expectedCandidate.TrimStart('/'), a);
        Assert.Equal(expectedBaseline.TrimStart('/'), b);
    }
}
