using System.Text.Json;
using Oaif.Recipes;
using Oaif.Tests.Support;

namespace Oaif.Tests.Recipes;

/// <summary>The recipe's split: exact counts, disjoint, and independent of the file's row order.</summary>
public class SplitTests
{
    /// <summary>n HH-style transcript pairs, "question i" with a kind and an unkind answer.</summary>
    internal static string WritePairs(string dir, int n, bool reversed = false, string name = "pairs.jsonl")
    {
        var rows = Enumerable.Range(0, n).Select(i => JsonSerializer.Serialize(new
        {
            chosen = $"\n\nHuman: question {i}?\n\nAssistant: a kind answer {i}",
            rejected = $"\n\nHuman: question {i}?\n\nAssistant: an unkind answer {i}",
        }));
        var path = Path.Combine(dir, name);
        File.WriteAllLines(path, reversed ? rows.Reverse() : rows);
        return path;
    }

    [Fact]
    public void SplitHasExactCountsIsDisjointAndIgnoresRowOrder()
    {
        var dir = TestPaths.NewTempDir();
        var options = new RecipeDataOptions { HeldOut = 7, MaxTrainPairs = 20, Seed = 5 };
        Directory.CreateDirectory(Path.Combine(dir, "a"));
        Directory.CreateDirectory(Path.Combine(dir, "b"));

        var details = HhSplit.Run(WritePairs(dir, 30), null, options, Path.Combine(dir, "a"));
        var reversed = WritePairs(dir, 30, reversed: true, "reversed.jsonl");
        HhSplit.Run(reversed, null, options, Path.Combine(dir, "b"));

        var train = HhSplit.Train(Path.Combine(dir, "a"));
        var heldOut = HhSplit.HeldOut(Path.Combine(dir, "a"));
        Assert.Equal((20, 7), (train.Count, heldOut.Count));
        Assert.Equal((20, 7), ((int)details["train_pairs"]!, (int)details["held_out_pairs"]!));
        Assert.Empty(train.Select(p => p.Prompt).Intersect(heldOut.Select(p => p.Prompt)));
        Assert.All(train, p => Assert.EndsWith("\n\nAssistant:", p.Prompt));
        Assert.All(train, p => Assert.StartsWith(" a kind answer", p.Chosen));
        foreach (var file in new[] { HhSplit.TrainFile, HhSplit.HeldOutFile })
            Assert.Equal(File.ReadAllText(Path.Combine(dir, "a", file)),
                File.ReadAllText(Path.Combine(dir, "b", file)));
    }

    [Fact]
    public void TooFewPairsForTheHeldOutSetIsNamed()
    {
        var dir = TestPaths.NewTempDir();
        var data = WritePairs(dir, 5);
        var e = Assert.Throws<OaifException>(() =>
            HhSplit.Run(data, null, new RecipeDataOptions { HeldOut = 5 }, dir));
        Assert.Equal($"{data}: 5 usable pairs cannot fill data.held_out = 5 and leave any for training",
            e.Message);
    }
}
