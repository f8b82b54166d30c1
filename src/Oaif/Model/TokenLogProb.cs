namespace Oaif.Model;

/// <summary>A token id and its log-probability under the model at one generated position.</summary>
public readonly record struct TokenLogProb(int Id, float LogProb);
