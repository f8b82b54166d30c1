namespace Oaif.Training;

/// <summary>
/// A tokenized preference pair: prompt ids, the preferred (chosen) and the other (rejected) response
/// ids. <see cref="ReferenceChosen"/>/<see cref="ReferenceRejected"/> hold π_ref's summed log-probs when
/// they were computed ahead of time; null means "score with the reference model during the step".
/// </summary>
public sealed record PreferenceExample(long[] Prompt, long[] Chosen, long[] Rejected)
{
    /// <summary>Precomputed log π_ref(chosen | prompt), or null.</summary>
    public double? ReferenceChosen { get; init; }

    /// <summary>Precomputed log π_ref(rejected | prompt), or null.</summary>
    public double? ReferenceRejected { get; init; }
}
