using System.Text.Json;
using Oaif.Model;
using static TorchSharp.torch;

namespace Oaif.Training;

/// <summary>
/// Checkpoints in a run directory: checkpoint-&lt;step&gt;/ holding model/ (the policy as a Hugging Face
/// directory), optimizer.bin, rng.bin (torch generator state) and trainer_state.json. Each is written
/// into a temporary folder, flushed to disk, then renamed into place, so a crash never leaves a
/// half-written checkpoint-&lt;step&gt;. Only the newest <c>keep</c> checkpoints are kept.
/// </summary>
public sealed class CheckpointStore(string runDir, int keep)
{
    const string Prefix = "checkpoint-";
    const string StateFile = "trainer_state.json";
    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Writes checkpoint-&lt;step&gt; atomically and prunes old ones; returns its path.</summary>
    public string Save(TrainerState state, ICausalLanguageModel policy, ParameterUpdater updater) =>
        Save(state, policy.Save, updater);

    /// <summary>As above for any model: <paramref name="saveModel"/> writes the model/ directory.</summary>
    public string Save(TrainerState state, Action<string> saveModel, ParameterUpdater updater)
    {
        var final = Path.Combine(runDir, Prefix + state.Step);
        var temp = Path.Combine(runDir, $".tmp-{Prefix}{state.Step}");
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);
        saveModel(Path.Combine(temp, "model"));
        updater.SaveState(Path.Combine(temp, "optimizer.bin"));
        using (var rng = random.get_rng_state()) rng.save(Path.Combine(temp, "rng.bin"));
        File.WriteAllText(Path.Combine(temp, StateFile), JsonSerializer.Serialize(state, Json));
        FlushTree(temp);
        FlushFile(Path.Combine(runDir, MetricsLog.FileName));
        if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
        Directory.Move(temp, final);
        Prune();
        return final;
    }

    /// <summary>The newest complete checkpoint directory, or null.</summary>
    public static string? Latest(string runDir) =>
        Complete(runDir).OrderByDescending(c => c.Step).Select(c => c.Path).FirstOrDefault();

    /// <summary>Reads trainer_state.json of a checkpoint.</summary>
    public static TrainerState ReadState(string checkpoint)
    {
        var path = Path.Combine(checkpoint, StateFile);
        try { return JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(path))!; }
        catch (JsonException e)
        {
            throw new OaifException($"{path}: unreadable trainer state ({e.Message})", e);
        }
    }

    /// <summary>Restores optimizer and torch RNG state from a checkpoint.</summary>
    public static void Restore(string checkpoint, ParameterUpdater updater)
    {
        string optimizer = Path.Combine(checkpoint, "optimizer.bin");
        string rngFile = Path.Combine(checkpoint, "rng.bin");
        Unreadable(optimizer, "optimizer state", () => updater.LoadState(optimizer));
        Unreadable(rngFile, "random generator state", () =>
        {
            using var rng = Tensor.load(rngFile);
            random.set_rng_state(rng);
        });
    }

    // A truncated or foreign file surfaces from TorchSharp as an end-of-stream, I/O or native error;
    // the user needs the file's name and what it should have held, not the stack.
    static void Unreadable(string path, string what, Action load)
    {
        if (!File.Exists(path)) throw new OaifException($"{path}: missing ({what} of the checkpoint)");
        try { load(); }
        catch (Exception e) when (e is not (OaifException or OperationCanceledException))
        {
            throw new OaifException($"{path}: unreadable {what} ({e.GetType().Name}: " +
                                    $"{e.Message.Split('\n')[0]}); the checkpoint is damaged, resume from " +
                                    "an earlier one by deleting this checkpoint directory", e);
        }
    }

    static IEnumerable<(int Step, string Path)> Complete(string runDir)
    {
        if (!Directory.Exists(runDir)) yield break;
        foreach (var dir in Directory.GetDirectories(runDir, Prefix + "*"))
        {
            var name = Path.GetFileName(dir);
            bool complete = File.Exists(Path.Combine(dir, StateFile));
            if (int.TryParse(name[Prefix.Length..], out int step) && complete) yield return (step, dir);
        }
    }

    void Prune()
    {
        foreach (var (_, path) in Complete(runDir).OrderByDescending(c => c.Step).Skip(keep))
            Directory.Delete(path, recursive: true);
    }

    static void FlushTree(string dir)
    {
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)) FlushFile(file);
    }

    // fsync so the rename below never publishes a directory whose files are still only in page cache.
    static void FlushFile(string path)
    {
        if (!File.Exists(path)) return;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Flush(flushToDisk: true);
    }
}
