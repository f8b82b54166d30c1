namespace Oaif.Annotators;

/// <summary>What an <see cref="LlmJudge"/> asks and how it prices the answers.</summary>
public sealed record LlmJudgeOptions
{
    /// <summary>
    /// The judging prompt (CLI --judge-template). Default <see cref="JudgeTemplate.Helpfulness"/>.
    /// </summary>
    public JudgeTemplate Template { get; init; } = JudgeTemplate.Helpfulness;

    /// <summary>
    /// Free-text guidance added to every request, e.g. "prefer the shorter answer when both are helpful"
    /// (CLI --judge-instruction). This is the knob that steers what the policy learns. Default none.
    /// </summary>
    public string? Instruction { get; init; }

    /// <summary>
    /// How many alternatives per token to ask log-probabilities for. Default 5 (OpenAI allows up to 20);
    /// 0 asks for none, so the verdict comes from the answer text alone.
    /// </summary>
    public int TopLogProbs { get; init; } = 5;

    /// <summary>Output token cap. Default 3: room for a label plus stray whitespace or a period.</summary>
    public int MaxOutputTokens { get; init; } = 3;

    /// <summary>Sampling temperature. Default 0, so the answer is the most likely label.</summary>
    public float Temperature { get; init; }

    /// <summary>Price per one million input tokens, for cost accounting. Default 0.</summary>
    public double InputPricePerMillion { get; init; }

    /// <summary>Price per one million output tokens, for cost accounting. Default 0.</summary>
    public double OutputPricePerMillion { get; init; }

    /// <summary>Throws <see cref="OaifException"/> naming the first bad field.</summary>
    public void Validate()
    {
        Template.Validate($"judge template '{Template.Name}'");
        if (TopLogProbs is < 0 or > 20)
            throw new OaifException($"judge option TopLogProbs must be in [0, 20], got {TopLogProbs}");
        if (MaxOutputTokens < 1)
            throw new OaifException($"judge option MaxOutputTokens must be >= 1, got {MaxOutputTokens}");
        if (Temperature < 0)
            throw new OaifException($"judge option Temperature must be >= 0, got {Temperature}");
        if (InputPricePerMillion < 0 || OutputPricePerMillion < 0)
            throw new OaifException("judge options InputPricePerMillion/OutputPricePerMillion must be >= 0");
    }

    /// <summary>Money for the given token counts.</summary>
    public double CostOf(JudgeUsage usage) =>
        (usage.PromptTokens * InputPricePerMillion + usage.CompletionTokens * OutputPricePerMillion) / 1e6;
}
