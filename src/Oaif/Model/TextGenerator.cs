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
        var rows = new RowCollector(prompts.Count, stopIds, pad, options.ReturnLogProbs);

        for (int step = 0; step < options.MaxNewTokens && !rows.AllStopped; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var stepScope = NewDisposeScope();
            var logits = stepper.NextLogits(step == 0 ? null : rows.LastTokens); // [B, V]
            var next = sampler.Pick(logits);                                     // [B]
            var logProbs = options.ReturnLogProbs ? ChosenLogProbs(logits, next) : null;
            rows.Add(next.cpu().data<long>().ToArray(), logProbs);
        }
        return rows.Results();
    }

    static float[] ChosenLogProbs(Tensor logits, Tensor chosen) => // [B, V], [B] -> host [B]
        logits.log_softmax(-1).gather(-1, chosen.unsqueeze(-1)).squeeze(-1).cpu().data<float>().ToArray();
}
