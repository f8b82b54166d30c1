using System.Text.Json;
using System.Text.Json.Nodes;
using Oaif.Annotators;

namespace Oaif.Training;

/// <summary>
/// pairs.jsonl of an online run: one line per judged comparison, in step order. Each line is an
/// <see cref="AnnotatedPair"/> (prompt, both responses, chosen/rejected for decided verdicts, verdict,
/// probability, annotator, rationale, latency, usage, cost, step), so the file loads as a preference set
/// (tie and invalid lines have no chosen/rejected and are skipped as bad rows). Extra fields let a run be
/// replayed exactly: prompt_index, first_index, second_index, prompt_ids, first_ids, second_ids,
/// first_ended, second_ended, first_policy_logp, second_policy_logp and decided_by.
/// </summary>
public static class OnlinePairsFile
{
    /// <summary>File name inside the run directory.</summary>
    public const string FileName = "pairs.jsonl";

    /// <summary>Appends a step's comparisons and flushes them to disk.</summary>
    public static void Append(string path, PromptSamples[] samples, IEnumerable<OnlineComparison> comparisons)
    {
        var lines = comparisons.Select(c => ToLine(samples[c.PromptIndex], c)).ToList();
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        using var writer = new StreamWriter(stream);
        foreach (var line in lines) writer.WriteLine(line);
        writer.Flush();
        stream.Flush(flushToDisk: true);
    }

    static string ToLine(PromptSamples s, OnlineComparison c)
    {
        var node = JsonNode.Parse(AnnotatedPairWriter.ToJsonLine(c.Record))!.AsObject();
        var (first, second) = (s.Responses[c.FirstIndex], s.Responses[c.SecondIndex]);
        node["prompt_index"] = c.PromptIndex;
        node["first_index"] = c.FirstIndex;
        node["second_index"] = c.SecondIndex;
        node["prompt_ids"] = Ids(s.PromptIds);
        node["first_ids"] = Ids(first.Ids);
        node["second_ids"] = Ids(second.Ids);
        node["first_ended"] = first.EndedWithEos;
        node["second_ended"] = second.EndedWithEos;
        node["first_policy_logp"] = first.PolicyLogProb;
        node["second_policy_logp"] = second.PolicyLogProb;
        node["decided_by"] = c.DecidedByEosRule ? "missing_eos_rule" : "annotator";
        return node.ToJsonString();
    }

    static JsonArray Ids(long[] ids) => new(ids.Select(i => (JsonNode?)i).ToArray());

    /// <summary>
    /// Reads a file this class wrote, grouped by step: each step's samples (rebuilt from the lines) and
    /// its comparisons in file order. Throws <see cref="OaifException"/> naming the line on bad input.
    /// </summary>
    public static SortedDictionary<int, (PromptSamples[] Samples, OnlineComparison[] Comparisons)> ReadSteps(
        string path)
    {
        if (!File.Exists(path)) throw new OaifException($"{path}: pairs file not found");
        var rows = File.ReadLines(path).Select((text, i) => (text, line: i + 1)).Where(r => r.text.Length > 0)
            .Select(r => ParseLine(path, r.line, r.text)).ToList();
        if (rows.Count == 0) throw new OaifException($"{path}: no pairs to replay");
        var steps = new SortedDictionary<int, (PromptSamples[], OnlineComparison[])>();
        foreach (var group in rows.GroupBy(r => r.Step))
            steps[group.Key] = (Rebuild(path, group.Key, group.ToList()),
                group.Select(r => r.Comparison).ToArray());
        return steps;
    }

    sealed record Row(int Step, OnlineComparison Comparison, string Prompt, long[] PromptIds,
        SampledResponse First, SampledResponse Second);

    static Row ParseLine(string path, int line, string text)
    {
        try
        {
            var node = JsonNode.Parse(text)!.AsObject();
            var pair = AnnotatedPairWriter.FromJsonLine(text);
            int step = (int)(pair.Step ?? throw new FormatException("no 'step'"));
            bool decidedByEosRule = Field(node, "decided_by").GetValue<string>() == "missing_eos_rule";
            var comparison = new OnlineComparison(Int(node, "prompt_index"), Int(node, "first_index"),
                Int(node, "second_index"), pair, decidedByEosRule);
            var first = Response(node, "first", pair.First);
            var second = Response(node, "second", pair.Second);
            return new Row(step, comparison, pair.Prompt, LongIds(node, "prompt_ids"), first, second);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new OaifException(
                $"{path}:{line}: not a line written by the online trainer ({e.Message})", e);
        }
    }

    static SampledResponse Response(JsonObject node, string side, string text) => new(
        LongIds(node, side + "_ids"), text, Field(node, side + "_ended").GetValue<bool>(),
        Field(node, side + "_policy_logp").GetValue<double>());

    static JsonNode Field(JsonObject node, string name) =>
        node[name] ?? throw new FormatException($"missing field '{name}'");

    static int Int(JsonObject node, string name) => Field(node, name).GetValue<int>();

    static long[] LongIds(JsonObject node, string name) =>
        Field(node, name).AsArray().Select(x => x!.GetValue<long>()).ToArray();

    static PromptSamples[] Rebuild(string path, int step, List<Row> rows)
    {
        int prompts = rows.Max(r => r.Comparison.PromptIndex) + 1;
        var result = new PromptSamples[prompts];
        for (int p = 0; p < prompts; p++)
        {
            var mine = rows.Where(r => r.Comparison.PromptIndex == p).ToList();
            if (mine.Count == 0) throw new OaifException($"{path}: step {step} has no line for prompt {p}");
            int k = mine.Max(r => Math.Max(r.Comparison.FirstIndex, r.Comparison.SecondIndex)) + 1;
            var responses = new SampledResponse[k];
            foreach (var r in mine)
            {
                responses[r.Comparison.FirstIndex] = r.First;
                responses[r.Comparison.SecondIndex] = r.Second;
            }
            if (responses.Any(x => x is null))
                throw new OaifException($"{path}: step {step}, prompt {p}: some responses appear in no line");
            result[p] = new PromptSamples(mine[0].Prompt, mine[0].PromptIds, responses);
        }
        return result;
    }

    /// <summary>Drops lines of steps after <paramref name="lastStep"/> (written after the checkpoint a
    /// resumed run starts from), via a temp file and rename.</summary>
    public static void TruncateAfter(string path, int lastStep)
    {
        if (!File.Exists(path)) return;
        var kept = File.ReadLines(path)
            .Where(l => l.Length > 0 && (JsonNode.Parse(l)?["step"]?.GetValue<long>() ?? 0) <= lastStep)
            .ToList();
        File.WriteAllLines(path + ".tmp", kept);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
