namespace Oaif.Data;

/// <summary>Rows loaded from one file and the report of what happened to the others.</summary>
public sealed record Dataset<T>(IReadOnlyList<T> Rows, DatasetReport Report);
