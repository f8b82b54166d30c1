using System.Diagnostics;
using Oaif.Model;
using Oaif.Tokenization;
using static TorchSharp.torch;

namespace Oaif.Annotators;

/// <summary>
/// An LLM judge run in-process: a causal LM reads the same judge prompt <see cref="LlmJudge"/> sends
/// (system + user message of a <see cref="JudgeTemplate"/>, chat-formatted, ending with the assistant
/// cue) and one forward pass gives the next-token log-probabilities of the labels "A" and "B".
/// P(first) = softmax over the two = σ(lp_A − lp_B); no sampling. A label's log-prob sums (log-sum-exp)
/// the spellings that are a single token, "A" and " A" (after a cue like "Assistant:" the spaced form
/// is likelier). Calls are serialised: the model is not thread-safe.
/// </summary>
public sealed class LocalModelJudge : IAnnotator
{
    readonly ICausalLanguageModel _model;
    readonly ITokenizer _tokenizer;
    readonly ChatFormatter _chat;
    readonly JudgeTemplate _template;
    readonly string? _instruction;
    readonly int[] _firstIds, _secondIds;
    readonly object _gate = new();

    /// <summary>
    /// A judge named "local:<paramref name="name"/>". Throws <see cref="OaifException"/> when neither
    /// spelling of a label is a single token of <paramref name="tokenizer"/>.
    /// </summary>
    public LocalModelJudge(ICausalLanguageModel model, ITokenizer tokenizer, ChatFormatter chat,
        JudgeTemplate template, string name, string? instruction = null)
    {
        (_model, _tokenizer, _chat, _template, _instruction) = (model, tokenizer, chat, template,
            instruction);
        template.Validate(template.Name);
        _firstIds = LabelIds(tokenizer, JudgeTemplate.FirstLabel);
        _secondIds = LabelIds(tokenizer, JudgeTemplate.SecondLabel);
        Id = "local:" + name;
    }

    /// <inheritdoc/>
    public string Id { get; }

    /// <summary>The token ids the judge reads: the rendered judge prompt, BOS first when the tokenizer
    /// has one and the chat markup did not add it.</summary>
    public int[] PromptIds(JudgeRequest request)
    {
        var messages = new[]
        {
            ChatMessage.System(_template.System),
            ChatMessage.User(_template.RenderUser(request, request.Instruction ?? _instruction)),
        };
        return _tokenizer.EncodePrompt(_chat.Format(messages, addGenerationPrompt: true));
    }

    /// <inheritdoc/>
    public Task<Judgement> JudgeAsync(JudgeRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        var ids = PromptIds(request);
        var (first, second) = LabelLogProbs(ids);
        if (!double.IsFinite(first) || !double.IsFinite(second))
            return Task.FromResult(Judgement.Invalid($"label log-probs are not finite ({first}, {second})"));
        double p = 1 / (1 + Math.Exp(second - first));
        var judgement = Judgement.FromProbability(p) with
        {
            Rationale = $"logp(A)={first:F4} logp(B)={second:F4}",
            Usage = new JudgeUsage(ids.Length, 0),
            Latency = clock.Elapsed,
        };
        return Task.FromResult(judgement);
    }

    (double First, double Second) LabelLogProbs(int[] ids)
    {
        lock (_gate)
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var input = tensor(ids.Select(i => (long)i).ToArray(), [1, ids.Length]);
            var logits = _model.Forward(input);                                          // [1, T, V]
            var next = logits.select(0, 0).select(0,
                ids.Length - 1).to_type(ScalarType.Float64).log_softmax(-1).cpu();  // [V]
            var logProbs = next.data<double>().ToArray();
            return (LogSumExp(logProbs, _firstIds), LogSumExp(logProbs, _secondIds));
        }
    }

    static double LogSumExp(double[] logProbs, int[] ids)
    {
        double max = ids.Max(i => logProbs[i]);
        return max + Math.Log(ids.Sum(i => Math.Exp(logProbs[i] - max)));
    }

    static int[] LabelIds(ITokenizer tokenizer, string label)
    {
        var ids = new[] { label, " " + label }.Select(s => tokenizer.Encode(s)).Where(e => e.Length == 1)
            .Select(e => e[0]).Distinct().ToArray();
        if (ids.Length == 0)
            throw new OaifException($"local judge: the tokenizer has no single token for label '{label}'");
        return ids;
    }
}
