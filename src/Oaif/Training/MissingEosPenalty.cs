namespace Oaif.Training;

/// <summary>
/// What the online trainer does when exactly one of two sampled responses was cut at the length limit
/// (no stop token) and the other ended on its own.
/// </summary>
public enum MissingEosPenalty
{
    /// <summary>Nothing special: the annotator judges the pair as usual.</summary>
    Off,

    /// <summary>
    /// The response that ended wins without asking the annotator; the pair is recorded as decided by
    /// this rule (annotator id <c>rule:prefer-ended</c>). Keeps a policy from learning to ramble past the
    /// limit, and saves judge calls.
    /// </summary>
    PreferEnded,
}
