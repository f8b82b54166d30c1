using static TorchSharp.torch;

namespace Oaif.Model;

/// <summary>
/// Decodes a batch of prompts of different lengths together: prompts are left-padded, then each step
/// runs one forward for the whole batch. A <see cref="LlamaForCausalLM"/> decodes with its KV cache;
/// any other <see cref="ICausalLanguageModel"/> is re-run over the whole sequence each step (slow,
/// meant for small test models). Runs without gradients; the model's mode is left unchanged.
/// </summary>
public sealed class TextGenerator(ICausalLanguageModel model, LlamaConfig? config = null)
{
    readonly LlamaConfig? config = config ?? (model as LlamaForCausalLM)?.Config;

    /// <summary>Generates up to <see cref="GenerationOptions.MaxNewTokens"/> tokens per prompt.
    /// Each prompt needs at least one id.</summary>
    public IReadOnlyList<GeneratedSequence> Generate(IReadOnlyList<int[]> prompts, GenerationOptions options,
                                                     CancellationToken cancellationToken = default)
    {
        options.Validate();
        if (prompts.Count == 0) return [];
        if (prompts.Any(p => p.Length == 0))
            throw new OaifException("generation needs at least one prompt token per row");
        var stopIds = (options.StopTokenIds ?? (config?.EosTokenId is { } eos ? [eos] : [])).ToHashSet();
        int pad = options.PadTokenId ?? config?.PadTokenId ?? config?.EosTokenId ?? 0;

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var device = model.Module.parameters().First().device;
        using var sampler = new TokenSampler(options, device);
        using var stepper = DecodeStepper.Create(model, prompts, pad, options.MaxNewTokens, device);
        var rows = new RowCollector(prompts.Count, stopIds, pad, options.ReturnLogProbs, options.TopLogProbs);
        bool needLogProbs = options.ReturnLogProbs || options.TopLogProbs > 0;

        for (int step = 0; step < options.MaxNewTokens && !rows.AllStopped; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var stepScope = NewDisposeScope();
            var logits = stepper.NextLogits(step == 0 ? null : rows.LastTokens); // [B, V]
            var next = sampler.Pick(logits);                                     // [B]
            var logProbs = needLogProbs ? logits.to_type(ScalarType.Float32).log_softmax(-1) : null; // [B, V]
            var chosen = options.ReturnLogProbs ? ChosenLogProbs(logProbs!, next) : null;
            var top = options.TopLogProbs > 0 ? TopLogProbs(logProbs!, options.TopLogProbs) : null;
            rows.Add(next.cpu().data<long>().ToArray(), chosen, top);
        }
        return rows.Results();
    }

    static float[] ChosenLogProbs(Tensor logProbs, Tensor chosen) => // [B, V], [B] -> host [B]
        logProbs.gather(-1, chosen.unsqueeze(-1)).squeeze(-1).cpu().data<float>().ToArray();

    /// <summary>Per row the k most likely (id, log-prob), most likely first.</summary>
    static TokenLogProb[][] TopLogProbs(Tensor logProbs, int k) // [B, V] -> host [B][k]
    {
        k = (int)Math.Min(k, logProbs.size(-1));
        var (values, indices) = logProbs.topk(k, dim: -1);         // [B, k], [B, k]
        var v = values.cpu().data<float>().ToArray();
        var ids = indices.cpu().data<long>().ToArray();
        return Enumerable.Range(0, (int)logProbs.size(0))
            .Select(row => Enumerable.Range(0, k)
                .Select(j => new TokenLogProb((int)ids[row * k + j], v[row * k + j])).ToArray())
            .ToArray();
    }
}
