using Oaif.Tokenization;

namespace Oaif.Serving;

/// <summary>Cuts completions at OpenAI-style stop strings.</summary>
public static class StopStrings
{
    /// <summary>Where the earliest stop string starts in <paramref name="text"/>, or null. Empty stop
    /// strings are ignored.</summary>
    public static int? FirstMatch(string text, IReadOnlyList<string> stops)
    {
        int? first = null;
        foreach (var stop in stops)
        {
            if (stop.Length == 0) continue;
            int at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (first is null || at < first)) first = at;
        }
        return first;
    }

    /// <summary>How many leading ids are needed for the first <paramref name="chars"/> characters of
    /// their decoded text: token j is kept when its text starts before the cut.</summary>
    public static int TokensBefore(IReadOnlyList<int> ids, int chars, ITokenizer tokenizer)
    {
        for (int j = 0; j < ids.Count; j++)
            if (tokenizer.Decode(ids.Take(j).ToList()).Length >= chars) return j;
        return ids.Count;
    }
}
