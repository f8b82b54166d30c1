using static Oaif.Quickstart.FactSummaryVocabulary;

namespace Oaif.Quickstart;

/// <summary>
/// Generates the quickstart task: short reports built from seeded templates, whose ideal response is a
/// one-sentence summary of six key facts (who, what verb, how many, which items, where, when).
/// Distractor sentences mention other names, places and numbers, so a weak model can copy a wrong one.
/// SFT targets carry realistic defects — omissions, padding, invented details — so the supervised
/// model is imperfect and there is something for feedback to fix.
/// </summary>
public sealed class FactSummaryTask
{
    /// <summary>Text that ends every prompt; the response follows it.</summary>
    public const string ResponseCue = "\nSummary:";

    readonly Random _random;

    /// <param name="seed">Same seed, same examples, on every machine.</param>
    public FactSummaryTask(int seed) => _random = new Random(seed);

    /// <summary>Makes <paramref name="count"/> examples.</summary>
    public IReadOnlyList<FactSummaryExample> Generate(int count)
    {
        var examples = new List<FactSummaryExample>(count);
        for (int i = 0; i < count; i++) examples.Add(Next());
        return examples;
    }

    /// <summary>The ideal summary of a set of facts.</summary>
    public static string Ideal(KeyFacts f) =>
        $"{f.Name} {f.Verb} {f.Quantity} {f.Items} to {f.Place} on {f.Day}.";

    FactSummaryExample Next()
    {
        var facts = new KeyFacts(Pick(Names), Pick(Verbs), _random.Next(MinQuantity, MaxQuantity + 1),
            Pick(Items), Pick(Places), Pick(Days));
        string document = Document(facts);
        string ideal = Ideal(facts);
        var (target, defects) = FlawedSummary(facts);
        return new FactSummaryExample(document, $"Report: {document}{ResponseCue}", facts, ideal,
            " " + target, defects);
    }

    string Document(KeyFacts f)
    {
        // The facts are spread over three sentences whose order varies, with one or two distractors.
        var sentences = new List<string>
        {
            $"On {f.Day}, {f.Name} {f.Verb} some {f.Items}.",
            $"They went to {f.Place}.",
            $"There were {f.Quantity} of them.",
        };
        int distractors = _random.Next(1, 3);
        for (int i = 0; i < distractors; i++)
            sentences.Insert(_random.Next(sentences.Count + 1), Distractor(f));
        return string.Join(" ", sentences);
    }

    string Distractor(KeyFacts f)
    {
        string otherName = PickOther(Names, f.Name);
        string otherPlace = PickOther(Places, f.Place);
        int otherQuantity = PickOtherQuantity(f.Quantity);
        return _random.Next(4) switch
        {
            0 => $"{otherName} stayed in {otherPlace}.",
            1 => $"The sky over {otherPlace} was grey.",
            2 => $"{otherName} had {otherQuantity} {PickOther(Items, f.Items)} at home.",
            _ => $"{otherName} called on {PickOther(Days, f.Day)}.",
        };
    }

    // Defect rates: 15% invented, 20% omission, 50% padded (independently), so about two thirds of SFT
    // targets are flawed and the SFT model learns to pad, as supervised models tend to.
    (string Text, string Defects) FlawedSummary(KeyFacts f)
    {
        var defects = new List<string>();
        Omitted omitted = Omitted.Nothing;
        if (_random.NextDouble() < 0.2)
        {
            omitted = (Omitted)_random.Next(1, 4);
            defects.Add("omission");
        }
        var facts = f;
        if (_random.NextDouble() < 0.15)
        {
            facts = InventDetail(f, omitted);
            defects.Add("invented");
        }
        string core = Summary(facts, omitted);
        if (_random.NextDouble() < 0.5)
        {
            core = Pad(core);
            defects.Add("padded");
        }
        return (core, defects.Count == 0 ? "none" : string.Join("+", defects));
    }

    enum Omitted { Nothing, Place, Quantity, Day }

    static string Summary(KeyFacts f, Omitted omitted) => omitted switch
    {
        Omitted.Place => $"{f.Name} {f.Verb} {f.Quantity} {f.Items} on {f.Day}.",
        Omitted.Quantity => $"{f.Name} {f.Verb} {f.Items} to {f.Place} on {f.Day}.",
        Omitted.Day => $"{f.Name} {f.Verb} {f.Quantity} {f.Items} to {f.Place}.",
        _ => Ideal(f),
    };

    // Invents a wrong value for one fact that the summary still states, so the defect is visible.
    KeyFacts InventDetail(KeyFacts f, Omitted omitted)
    {
        while (true)
        {
            switch (_random.Next(4))
            {
                case 0: return f with { Name = PickOther(Names, f.Name) };
                case 1 when omitted != Omitted.Place: return f with { Place = PickOther(Places, f.Place) };
                case 2 when omitted != Omitted.Day: return f with { Day = PickOther(Days, f.Day) };
                case 3 when omitted != Omitted.Quantity:
                    return f with { Quantity = PickOtherQuantity(f.Quantity) };
            }
        }
    }

    // Padding adds 10 to 13 words of pure filler — no names, numbers or places — the verbosity
    // supervised models tend to pick up. It states nothing, so only a length-aware judge objects to it.
    string Pad(string core) => _random.Next(3) switch
    {
        0 => $"Here is a short summary of the report that you asked me for. {core}",
        1 => $"{core} That is the main point of the report, as it says above.",
        _ => $"The report says that {core} That is all that the report says about it.",
    };

    string Pick(string[] words) => words[_random.Next(words.Length)];

    string PickOther(string[] words, string not)
    {
        while (true)
        {
            string word = Pick(words);
            if (word != not) return word;
        }
    }

    int PickOtherQuantity(int not)
    {
        while (true)
        {
            int q = _random.Next(MinQuantity, MaxQuantity + 1);
            if (q != not) return q;
        }
    }
}
