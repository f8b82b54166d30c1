namespace Oaif.Losses;

/// <summary>
/// Builds a loss from <see cref="LossOptions"/> by name; the one place that knows loss names.
/// </summary>
public static class LossFactory
{
    static readonly Dictionary<string, Func<LossOptions, IPreferenceLoss>> Builders = new()
    {
        ["dpo"] = o => new DpoLoss(o.Beta ?? 0.1, o.LabelSmoothing, o.Robust),
        ["ipo"] = o => new IpoLoss(o.Beta ?? 1.0, o.LengthNormalised),
        ["slic"] = o => new SlicLoss(o.Beta ?? 0.002, o.Margin, o.SftWeight, o.SftLengthNormalised),
        ["hinge"] = o => new HingeLoss(o.Beta ?? 0.1),
    };

    /// <summary>Known loss names.</summary>
    public static IReadOnlyCollection<string> Names => Builders.Keys;

    /// <summary>
    /// The configured loss; an SFT weight adds λ·SFT through <see cref="WeightedSumLoss"/> (SLiC
    /// carries its own SFT term). Throws <see cref="OaifException"/> for an unknown name.
    /// </summary>
    public static IPreferenceLoss Create(LossOptions options)
    {
        if (!Builders.TryGetValue(options.Type, out var build))
            throw new OaifException(
                $"loss.type: unknown loss '{options.Type}' (expected one of {string.Join(", ", Names)})");
        var loss = build(options);
        if (options.SftWeight == 0 || loss is SlicLoss) return loss;
        var sft = new SftLoss(options.SftLengthNormalised);
        return new WeightedSumLoss((1.0, loss), (options.SftWeight, sft));
    }
}
