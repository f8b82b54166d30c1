using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Oaif.Data;

namespace Oaif.Recipes;

/// <summary>
/// Stage 1: reads the preference file (Anthropic HH-RLHF transcripts, or any preference format the
/// loader knows), orders the pairs by a seeded content hash (<see cref="DatasetSplit.Shuffle"/>, so the
/// split is the same on every machine and independent of file order) and writes train.jsonl and
/// heldout.jsonl as {prompt, chosen, rejected} rows for the later stages.
/// </summary>
public static class HhSplit
{
    /// <summary>Train pairs file in the split folder.</summary>
    public const string TrainFile = "train.jsonl";

    /// <summary>Held-out pairs file in the split folder.</summary>
    public const string HeldOutFile = "heldout.jsonl";

    static readonly JsonSerializerOptions Json =
        new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Splits <paramref name="data"/>; with <paramref name="heldOutData"/> the held-out pairs come from
    /// that file instead (e.g. the public test file beside the train file). Returns the counts.
    /// </summary>
    public static JsonObject Run(string data, string? heldOutData, RecipeDataOptions o, string dir)
    {
        var (rows, report) = Load(data, o);
        var shuffled = DatasetSplit.Shuffle(rows, Key, (ulong)o.Seed);
        List<PreferenceExample> train, heldOut;
        if (heldOutData is null)
        {
            if (shuffled.Count < o.HeldOut + 1)
                throw new OaifException($"{data}: {shuffled.Count} usable pairs cannot fill " +
                    $"data.held_out = {o.HeldOut} and leave any for training");
            heldOut = shuffled.Take(o.HeldOut).ToList();
            train = shuffled.Skip(o.HeldOut).ToList();
        }
        else
        {
            var (other, _) = Load(heldOutData, o);
            heldOut = DatasetSplit.Shuffle(other, Key, (ulong)o.Seed).Take(o.HeldOut).ToList();
            train = shuffled;
        }
        if (o.MaxTrainPairs > 0) train = train.Take(o.MaxTrainPairs).ToList();
        Write(Path.Combine(dir, TrainFile), train);
        Write(Path.Combine(dir, HeldOutFile), heldOut);
        return new JsonObject
        {
            ["data"] = Path.GetFullPath(data),
            ["held_out_data"] = heldOutData is null ? null : Path.GetFullPath(heldOutData),
            ["rows_read"] = report.RowsRead,
            ["prefix_mismatches_dropped"] = report.RowsRead - report.RowsUsed,
            ["train_pairs"] = train.Count,
            ["held_out_pairs"] = heldOut.Count,
            ["seed"] = o.Seed,
        };
    }

    /// <summary>The train pairs written by <see cref="Run"/>.</summary>
    public static IReadOnlyList<PreferenceExample> Train(string splitDir) =>
        DatasetLoader.LoadPreferences(Path.Combine(splitDir, TrainFile)).Rows;

    /// <summary>The held-out pairs written by <see cref="Run"/>.</summary>
    public static IReadOnlyList<PreferenceExample> HeldOut(string splitDir) =>
        DatasetLoader.LoadPreferences(Path.Combine(splitDir, HeldOutFile)).Rows;

    /// <summary>Distinct prompts in first-seen order (a dialogue can carry several pairs).</summary>
    public static List<string> Prompts(IEnumerable<PreferenceExample> pairs) =>
        pairs.Select(p => p.Prompt).Distinct(StringComparer.Ordinal).ToList();

    static (IReadOnlyList<PreferenceExample>, DatasetReport) Load(string path, RecipeDataOptions o)
    {
        // Any loader error already names the file and line; only a wrong kind of file needs help here.
        var set = DatasetLoader.LoadPreferences(path, new DatasetOptions
        {
            DropPrefixMismatches = o.DropPrefixMismatches, SkipBadRows = false,
        });
        return (set.Rows, set.Report);
    }

    static string Key(PreferenceExample p) => $"{p.Prompt}\u0000{p.Chosen}\u0000{p.Rejected}";

    static void Write(string path, IEnumerable<PreferenceExample> rows) =>
        File.WriteAllLines(path, rows.Select(r => JsonSerializer.Serialize(
            new { prompt = r.Prompt, chosen = r.Chosen, rejected = r.Rejected }, Json)));
}
