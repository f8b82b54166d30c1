namespace Oaif.Evaluation;

/// <summary>One response to one prompt.</summary>
/// <param name="Text">The response text (stop token not included).</param>
/// <param name="EndedWithEos">True when generation ended on a stop token, false when it hit the length
/// limit, null when unknown (responses read from a file).</param>
public sealed record SourcedResponse(string Text, bool? EndedWithEos);

/// <summary>Where one side of an evaluation gets its responses: a model, or responses made earlier.</summary>
public interface IResponseSource
{
    /// <summary>A short name for reports, e.g. the model directory's name.</summary>
    string Name { get; }

    /// <summary>One response per prompt, in the order of <paramref name="prompts"/>.</summary>
    Task<IReadOnlyList<SourcedResponse>> RespondAsync(IReadOnlyList<string> prompts,
        CancellationToken cancellationToken = default);
}
