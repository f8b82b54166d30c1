namespace Oaif.Training;

/// <summary>Where padding goes when rows of different lengths share a batch.</summary>
public enum PaddingSide
{
    /// <summary>
    /// Pad before the prompt, so every row ends at the last column (what generation needs).
    /// </summary>
    Left,

    /// <summary>Pad after the response.</summary>
    Right,
}
