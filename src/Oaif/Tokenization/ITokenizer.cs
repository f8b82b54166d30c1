namespace Oaif.Tokenization;

/// <summary>Text to token ids and back, plus the special ids a causal LM needs.</summary>
public interface ITokenizer
{
    int VocabSize { get; }

    /// <summary>Beginning-of-sequence id, or null when the vocabulary has none.</summary>
    int? BosId { get; }

    /// <summary>End-of-sequence id, or null when the vocabulary has none.</summary>
    int? EosId { get; }

    /// <summary>Padding id; falls back to EOS in most vocabularies, or null when there is neither.</summary>
    int? PadId { get; }

    /// <summary>Encodes text. Special-token markup in the text is not interpreted unless the
    /// implementation documents otherwise; BOS is added only when asked.</summary>
    int[] Encode(string text, bool addBos = false);

    /// <summary>Encodes text in which special-token markup (e.g. from a chat template) becomes those
    /// tokens' ids. Implementations without such tokens treat the text as plain.</summary>
    int[] EncodeWithSpecialTokens(string text, bool addBos = false) => Encode(text, addBos);

    /// <summary>Decodes ids to text, leaving out special tokens when asked.</summary>
    string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = true);
}
