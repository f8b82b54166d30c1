namespace Oaif.Quickstart;

/// <summary>
/// The closed word lists the quickstart task draws from. Because every name, place, day, number and item
/// comes from these lists (a helper is one of the names), the built-in judge can tell exactly which
/// facts a response states.
/// </summary>
public static class FactSummaryVocabulary
{
    public static readonly string[] Names =
    {
        "Ava", "Ben", "Chloe", "Dmitri", "Elena", "Farid", "Grace", "Hugo", "Iris", "Jonas", "Kira", "Leo",
        "Maya", "Nils", "Omar", "Petra", "Quinn", "Rosa", "Sami", "Tara",
    };

    public static readonly string[] Places =
    {
        "Lisbon", "Oslo", "Cairo", "Lima", "Perth", "Quito", "Riga", "Seoul", "Tunis", "Vienna", "Dakar",
        "Hanoi", "Bern", "Accra", "Porto", "Kyoto",
    };

    public static readonly string[] Days =
        { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };

    public static readonly string[] Items =
        { "crates", "lamps", "books", "bikes", "drums", "kites", "chairs", "boxes", "maps", "tents" };

    public static readonly string[] Verbs = { "shipped", "delivered", "moved", "sold", "carried", "sent" };

    public static readonly string[] Vehicles =
        { "train", "boat", "truck", "van", "ferry", "wagon", "barge", "bus" };

    public static readonly string[] Occasions =
        { "fair", "festival", "market", "wedding", "school", "museum", "concert", "library" };

    /// <summary>Quantities are written as digits so one token-free check finds them.</summary>
    public const int MinQuantity = 2;

    public const int MaxQuantity = 19;
}
