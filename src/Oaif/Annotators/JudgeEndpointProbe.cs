using System.Net.Sockets;

namespace Oaif.Annotators;

/// <summary>
/// One quick request to a judge endpoint before a run starts, so a wrong port or host fails in a second
/// with its address, instead of after every step's retries. Only a failed connection is an error: any
/// HTTP answer (even 401 or 404 — some servers have no /models) proves something is listening, and a
/// slow answer is left to the judge's own timeout and retries.
/// </summary>
public static class JudgeEndpointProbe
{
    /// <summary>
    /// Throws <see cref="OaifException"/> when nothing accepts a connection at the endpoint.
    /// </summary>
    public static async Task EnsureReachableAsync(Uri endpoint, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { Timeout = timeout };
        var models = new Uri(endpoint.ToString().TrimEnd('/') + "/models");
        try
        {
            using var response = await http.GetAsync(models, HttpCompletionOption.ResponseHeadersRead,
                cancellationToken);
        }
        catch (HttpRequestException e)
        {
            string why = e.InnerException is SocketException socket ? socket.Message : e.Message;
            throw new OaifException($"judge endpoint {endpoint}: cannot connect ({why}); is the server " +
                                    "running, and are host and port right?", e);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Connected but slow: not proof of a dead endpoint.
        }
    }
}
