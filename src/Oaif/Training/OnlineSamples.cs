using Oaif.Annotators;

namespace Oaif.Training;

/// <summary>One response sampled from the policy.</summary>
/// <param name="Ids">Response token ids; the stop token, when reached, is the last.</param>
/// <param name="Text">Decoded text without special tokens, as shown to the annotator.</param>
/// <param name="EndedWithEos">False when the response was cut at the length limit.</param>
/// <param name="PolicyLogProb">Σ log π(token) at sampling time (before temperature).</param>
public sealed record SampledResponse(long[] Ids, string Text, bool EndedWithEos, double PolicyLogProb);

/// <summary>A prompt (text and ids) and the K responses sampled for it in one step.</summary>
public sealed record PromptSamples(string Prompt, long[] PromptIds, SampledResponse[] Responses);

/// <summary>
/// One judged comparison of responses <paramref name="FirstIndex"/> and <paramref name="SecondIndex"/>
/// of prompt <paramref name="PromptIndex"/> (positions within the step). <paramref name="Record"/>
/// holds the verdict and what it cost; <paramref name="DecidedByEosRule"/> says the missing-EOS rule
/// decided instead of the annotator.
/// </summary>
public sealed record OnlineComparison(
    int PromptIndex, int FirstIndex, int SecondIndex, AnnotatedPair Record, bool DecidedByEosRule);

/// <summary>What one step collected: the samples and the comparisons' verdicts, with their timings.</summary>
internal sealed record StepFeedback(
    PromptSamples[] Samples, OnlineComparison[] Comparisons, double SampleSeconds, double AnnotateSeconds);
