namespace Oaif.Quickstart;

/// <summary>
/// One quickstart document with its facts, the ideal summary and the (possibly flawed) summary used
/// as the SFT target.
/// </summary>
public sealed record FactSummaryExample(
    string Document,
    string Prompt,
    ReportFacts Facts,
    string IdealSummary,
    string SftTarget,
    string SftDefects);
