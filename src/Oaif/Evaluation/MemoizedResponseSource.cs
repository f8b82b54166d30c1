namespace Oaif.Evaluation;

/// <summary>
/// Remembers another source's responses per prompt, so a baseline compared against several candidates
/// generates once and every candidate is judged against the very same responses.
/// </summary>
public sealed class MemoizedResponseSource(IResponseSource inner) : IResponseSource
{
    readonly Dictionary<string, SourcedResponse> _known = new(StringComparer.Ordinal);

    public string Name => inner.Name;

    public async Task<IReadOnlyList<SourcedResponse>> RespondAsync(IReadOnlyList<string> prompts,
        CancellationToken cancellationToken = default)
    {
        var missing = prompts.Where(p => !_known.ContainsKey(p)).Distinct().ToList();
        if (missing.Count > 0)
        {
            var fresh = await inner.RespondAsync(missing, cancellationToken);
            for (int i = 0; i < missing.Count; i++) _known[missing[i]] = fresh[i];
        }
        return prompts.Select(p => _known[p]).ToList();
    }
}
