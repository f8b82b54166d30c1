namespace Oaif.Data;

/// <summary>What a dataset is used for.</summary>
public enum DatasetKind
{
    /// <summary>Prompts only (online sampling): <c>prompt</c> text or <c>messages</c>.</summary>
    Prompts,
    /// <summary>Supervised fine-tuning: <c>prompt</c> + <c>completion</c>, or <c>messages</c>.</summary>
    Sft,
    /// <summary>Preference pairs: (prompt, chosen, rejected).</summary>
    Preference,
}
