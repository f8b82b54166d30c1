using Oaif.Training;

namespace Oaif.Tests.Training;

/// <summary>
/// A toy preference task: both responses share a random body; the chosen one ends with
/// <see cref="Target"/>, the rejected one with another token. Prompts are random, of varying length.
/// </summary>
internal static class SyntheticPreferences
{
    public const int Vocab = 12;
    public const long Target = 11;

    public static PreferenceExample[] Make(int count, int seed)
    {
        var rng = new Random(seed);
        long[] Tokens(int min, int max) =>
            Enumerable.Range(0, rng.Next(min, max + 1)).Select(_ => (long)rng.Next(1, 11)).ToArray();
        return Enumerable.Range(0, count).Select(_ =>
        {
            var prompt = Tokens(1, 4);
            var body = Tokens(1, 3);
            long[] chosen = [.. body, Target];
            long[] rejected = [.. body, rng.Next(1, 11)];
            return new PreferenceExample(prompt, chosen, rejected);
        }).ToArray();
    }
}
