using System.Text.Json.Nodes;
using Oaif.Tests.Support;

namespace Oaif.Tests.Model;

/// <summary>The reference outputs of one llama2.c fixture checkpoint (computed by run.c, in C).</summary>
public sealed class Llama2cFixture
{
    public string CheckpointPath { get; }
    public int[] GreedyIds { get; }
    public int BosId { get; }

    /// <summary>Reference logits at positions 0-3 of greedy decoding from BOS.</summary>
    public float[][] LogitsByPosition { get; }

    public Llama2cFixture(string name)
    {
        CheckpointPath = TestPaths.Llama2c($"{name}.bin");
        var root = JsonNode.Parse(File.ReadAllText(TestPaths.Llama2c($"{name}.expected.json")))!;
        GreedyIds = root["greedy_ids"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray();
        BosId = root["bos_id"]!.GetValue<int>();
        var byPosition = root["logits_by_position"]!.AsObject();
        LogitsByPosition = Enumerable.Range(0, 4)
            .Select(p => byPosition[p.ToString()]!.AsArray().Select(n => n!.GetValue<float>()).ToArray())
            .ToArray();
    }

    /// <summary>BOS followed by the greedy ids: the input sequence run.c fed, one id per position.</summary>
    public long[] InputSequence(int length) =>
        new[] { BosId }.Concat(GreedyIds).Take(length).Select(i => (long)i).ToArray();

    public static IEnumerable<object[]> Names() => [["gqa_untied"], ["mha_tied"]];
}
