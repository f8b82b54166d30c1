using Oaif.Serving;

namespace Oaif.Tests.Serving;

/// <summary>Passes requests to another backend and records them.</summary>
public sealed class RecordingBackend(IChatBackend inner) : IChatBackend
{
    public string ModelId => inner.ModelId;

    public List<ChatBackendRequest> Requests { get; } = new();

    public Task<ChatBackendResult> CompleteAsync(ChatBackendRequest request,
        CancellationToken cancellationToken)
    {
        lock (Requests) Requests.Add(request);
        return inner.CompleteAsync(request, cancellationToken);
    }
}
