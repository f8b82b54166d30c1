using static Oaif.Quickstart.FactSummaryVocabulary;

namespace Oaif.Quickstart;

/// <summary>
/// Generates the quickstart task: short reports built from seeded templates. A good summary states six
/// key facts (who, what verb, how many, which items, where, when) and, if it is thorough, three extra
/// details (vehicle, occasion, helper) that are true but secondary — so the most helpful answer is
/// long, and a judge told to prefer short answers has something to cut. Distractor sentences mention
/// other names, places, numbers, vehicles and occasions, so a weak model can copy a wrong one.
/// SFT targets carry realistic defects — omissions, padding, invented details — and each extra detail in
/// only about a third of them, so the supervised model is imperfect and there is something for feedback
/// to fix.
/// </summary>
public sealed class FactSummaryTask
{
    /// <summary>Text that ends every prompt; the response follows it.</summary>
    public const string ResponseCue = "\nSummary:";

    // Share of SFT targets with each defect (drawn independently) and with each extra detail.
    const double OmissionRate = 0.25, InventionRate = 0.20, PaddingRate = 0.5, DetailRate = 0.35;

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

    /// <summary>The ideal summary under the default judge: every key fact and every extra detail.</summary>
    public static string Ideal(ReportFacts f) => Summary(f.Key, Omitted.Nothing, f.Details, true, true, true);

    /// <summary>
    /// The ideal summary under the "short" judge: the key facts and the one detail short enough to pay for
    /// its words (the vehicle; see <see cref="JudgeCriteria"/>).
    /// </summary>
    public static string IdealShort(ReportFacts f) =>
        Summary(f.Key, Omitted.Nothing, f.Details, true, false, false);

    FactSummaryExample Next()
    {
        var key = new KeyFacts(Pick(Names), Pick(Verbs), _random.Next(MinQuantity, MaxQuantity + 1),
            Pick(Items), Pick(Places), Pick(Days));
        var details = new ExtraDetails(Pick(Vehicles), Pick(Occasions), PickOther(Names, key.Name));
        var facts = new ReportFacts(key, details);
        string document = Document(facts);
        var (target, defects) = FlawedSummary(facts);
        return new FactSummaryExample(document, $"Report: {document}{ResponseCue}", facts, Ideal(facts),
            " " + target, defects);
    }

    string Document(ReportFacts f)
    {
        // The six fact sentences in a fixed order, with one or two distractors inserted among them.
        var sentences = new List<string>
        {
            $"On {f.Key.Day}, {f.Key.Name} {f.Key.Verb} some {f.Key.Items}.",
            $"They went to {f.Key.Place}.",
            $"There were {f.Key.Quantity} of them.",
            $"They travelled by {f.Details.Vehicle}.",
            $"It was for the {f.Details.Occasion}.",
            $"{f.Details.Helper} helped them.",
        };
        int distractors = _random.Next(1, 3);
        for (int i = 0; i < distractors; i++)
            sentences.Insert(_random.Next(sentences.Count + 1), Distractor(f));
        return string.Join(" ", sentences);
    }

    string Distractor(ReportFacts f)
    {
        string otherName = PickOther(Names, f.Key.Name, f.Details.Helper);
        string otherPlace = PickOther(Places, f.Key.Place);
        string otherItems = PickOther(Items, f.Key.Items);
        return _random.Next(6) switch
        {
            0 => $"{otherName} stayed in {otherPlace}.",
            1 => $"The sky over {otherPlace} was grey.",
            2 => $"{otherName} had {PickOtherQuantity(f.Key.Quantity)} {otherItems} at home.",
            3 => $"{otherName} called on {PickOther(Days, f.Key.Day)}.",
            4 => $"A {PickOther(Vehicles, f.Details.Vehicle)} passed by.",
            _ => $"The {PickOther(Occasions, f.Details.Occasion)} was cancelled.",
        };
    }

    // Defects are drawn independently; 70% of SFT targets have at least one, so the SFT model
    // learns to pad, omit and invent, as supervised models trained on imperfect data do.
    (string Text, string Defects) FlawedSummary(ReportFacts f)
    {
        var defects = new List<string>();
        Omitted omitted = Omitted.Nothing;
        if (_random.NextDouble() < OmissionRate)
        {
            omitted = (Omitted)_random.Next(1, 4);
            defects.Add("omission");
        }
        var key = f.Key;
        if (_random.NextDouble() < InventionRate)
        {
            key = InventDetail(key, omitted, f.Details.Helper);
            defects.Add("invented");
        }
        bool vehicle = _random.NextDouble() < DetailRate;
        bool occasion = _random.NextDouble() < DetailRate;
        bool helper = _random.NextDouble() < DetailRate;
        string core = Summary(key, omitted, f.Details, vehicle, occasion, helper);
        if (_random.NextDouble() < PaddingRate)
        {
            core = Pad(core);
            defects.Add("padded");
        }
        return (core, defects.Count == 0 ? "none" : string.Join("+", defects));
    }

    enum Omitted { Nothing, Place, Quantity, Day }

    static string Summary(KeyFacts f, Omitted omitted, ExtraDetails? details, bool vehicle, bool occasion,
        bool helper)
    {
        string text = omitted switch
        {
            Omitted.Place => $"{f.Name} {f.Verb} {f.Quantity} {f.Items} on {f.Day}",
            Omitted.Quantity => $"{f.Name} {f.Verb} {f.Items} to {f.Place} on {f.Day}",
            Omitted.Day => $"{f.Name} {f.Verb} {f.Quantity} {f.Items} to {f.Place}",
            _ => $"{f.Name} {f.Verb} {f.Quantity} {f.Items} to {f.Place} on {f.Day}",
        };
        if (vehicle) text += $" by {details!.Vehicle}";
        if (occasion) text += $" for the {details!.Occasion}";
        if (helper) text += $" with help from {details!.Helper}";
        return text + ".";
    }

    // Invents a wrong value for one key fact that the summary still states, so the defect is visible.
    KeyFacts InventDetail(KeyFacts f, Omitted omitted, string helper)
    {
        while (true)
        {
            switch (_random.Next(4))
            {
                case 0: return f with { Name = PickOther(Names, f.Name, helper) };
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

    string PickOther(string[] words, string not, string? alsoNot = null)
    {
        while (true)
        {
            string word = Pick(words);
            if (word != not && word != alsoNot) return word;
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
