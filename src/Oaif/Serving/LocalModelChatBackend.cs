using Oaif.Model;
using Oaif.Tokenization;

namespace Oaif.Serving;

/// <summary>
/// Serves chat completions from a local causal LM: the messages are rendered with the chat template,
/// encoded, and the n completions are decoded in one batch (the prompt repeated n times).
/// </summary>
/// <remarks>
/// Log-probabilities are of the model's own next-token distribution (softmax of the raw logits),
/// before temperature and top-p, so a judge reading them sees the model's belief whatever sampling was
/// asked for. Known limits: requests are served one at a time (a second request waits for the first);
/// stop strings are applied after decoding, so the model still runs to max_tokens or a stop token;
/// a token that is part of a multi-byte character is shown as U+FFFD in logprobs.
/// </remarks>
public sealed class LocalModelChatBackend : IChatBackend
{
    readonly ICausalLanguageModel _model;
    readonly LlamaConfig? _config;
    readonly ITokenizer _tokenizer;
    readonly ChatFormatter _formatter;
    readonly int _contextLength;
    readonly IReadOnlyList<int> _stopIds;
    readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>A backend over <paramref name="model"/>; the caller keeps ownership of the model.</summary>
    public LocalModelChatBackend(string modelId, ICausalLanguageModel model, ITokenizer tokenizer,
        ChatFormatter formatter, LocalModelBackendOptions? options = null)
    {
        options ??= new LocalModelBackendOptions();
        options.Validate();
        if (tokenizer.VocabSize > model.VocabSize)
            throw new OaifException($"the tokenizer has {tokenizer.VocabSize} tokens but the model only "
                + $"{model.VocabSize}; they do not belong together");
        (ModelId, _model, _tokenizer, _formatter) = (modelId, model, tokenizer, formatter);
        _config = (model as LlamaForCausalLM)?.Config;
        _contextLength = options.ContextLength ?? _config?.MaxPositionEmbeddings
            ?? throw new OaifException("backend option ContextLength is required for a non-Llama model");
        _stopIds = options.StopTokenIds ?? DefaultStopIds(_config, tokenizer, formatter.Family);
    }

    /// <inheritdoc/>
    public string ModelId { get; }

    /// <summary>The ids that end a completion.</summary>
    public IReadOnlyList<int> StopTokenIds => _stopIds;

    /// <inheritdoc/>
    public async Task<ChatBackendResult> CompleteAsync(ChatBackendRequest request,
        CancellationToken cancellationToken = default)
    {
        // One request at a time: the model and torch's generator are not shared safely between threads.
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => Complete(request, cancellationToken), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    ChatBackendResult Complete(ChatBackendRequest request, CancellationToken cancellationToken)
    {
        var promptIds = EncodePrompt(request.Messages);
        int room = _contextLength - promptIds.Length;
        if (room < 1)
            throw new RequestError(400, $"the prompt is {promptIds.Length} tokens but this model's context "
                + $"holds {_contextLength} (prompt plus completion)", "messages");
        var options = new GenerationOptions
        {
            MaxNewTokens = Math.Min(request.MaxTokens, room),
            Temperature = request.Temperature,
            TopP = request.TopP,
            Seed = request.Seed,
            StopTokenIds = _stopIds,
            PadTokenId = _tokenizer.PadId ?? _tokenizer.EosId,
            ReturnLogProbs = request.Logprobs,
            TopLogProbs = request.Logprobs ? request.TopLogprobs : 0,
        };
        var prompts = Enumerable.Repeat(promptIds, request.N).ToList();
        var sequences = new TextGenerator(_model, _config).Generate(prompts, options, cancellationToken);
        var choices = sequences.Select(s => ToChoice(s, request)).ToList();
        return new ChatBackendResult(choices, promptIds.Length, sequences.Sum(s => s.TokenIds.Length));
    }

    int[] EncodePrompt(IReadOnlyList<ChatTurn> turns)
    {
        string prompt;
        try
        {
            prompt = _formatter.Format(turns.Select(t => new ChatMessage(t.Role, t.Content)).ToList());
        }
        catch (OaifException e)
        {
            throw new RequestError(400, e.Message, "messages");
        }
        return _tokenizer.EncodePrompt(prompt);
    }

    ChatBackendChoice ToChoice(GeneratedSequence sequence, ChatBackendRequest request)
    {
        // The stop token ends the text but is not part of it.
        int kept = sequence.TokenIds.Length - (sequence.EndedWithEos ? 1 : 0);
        var ids = sequence.TokenIds[..kept];
        string text = _tokenizer.Decode(ids);
        string finish = sequence.EndedWithEos ? "stop" : "length";
        if (StopStrings.FirstMatch(text, request.Stop) is { } cut)
        {
            kept = StopStrings.TokensBefore(ids, cut, _tokenizer);
            (text, finish) = (text[..cut], "stop");
        }
        var tokens = request.Logprobs ? Tokens(sequence, kept) : null;
        return new ChatBackendChoice(text, finish, tokens);
    }

    List<GeneratedToken> Tokens(GeneratedSequence sequence, int count)
    {
        var tokens = new List<GeneratedToken>(count);
        for (int i = 0; i < count; i++)
        {
            var top = sequence.TopLogProbs?[i].Select(t => new TokenAlternative(Piece(t.Id), t.LogProb))
                .ToList() ?? [];
            tokens.Add(new GeneratedToken(Piece(sequence.TokenIds[i]), sequence.LogProbs![i], top));
        }
        return tokens;
    }

    // Each id is decoded alone, so a token reads the same as the chosen token and as an alternative;
    // a judge that sums a label's probability over the list relies on that.
    string Piece(int id) => _tokenizer.Decode([id], skipSpecialTokens: false);

    static IReadOnlyList<int> DefaultStopIds(LlamaConfig? config, ITokenizer tokenizer, ChatFamily family)
    {
        var ids = new List<int?> { config?.EosTokenId, tokenizer.EosId };
        if (EndOfTurnMarker(family) is { } marker && tokenizer.EncodeWithSpecialTokens(marker) is [var one])
            ids.Add(one);
        return ids.OfType<int>().Distinct().ToList();
    }

    static string? EndOfTurnMarker(ChatFamily family) => family switch
    {
        ChatFamily.ChatMl => "<|im_end|>",
        ChatFamily.Llama3 => "<|eot_id|>",
        ChatFamily.Gemma => "<end_of_turn>",
        ChatFamily.Zephyr or ChatFamily.Llama2 or ChatFamily.Mistral => "</s>",
        _ => null,
    };
}
