using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Oaif.Annotators;

namespace Oaif.Tests.Annotators;

public class JudgeEndpointProbeTests
{
    [Fact]
    public async Task NothingListeningFailsAtOnceNamingTheEndpoint()
    {
        // A port that was free a moment ago: bind, read it, release it.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var endpoint = new Uri($"http://127.0.0.1:{port}/v1");

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<OaifException>(() =>
            JudgeEndpointProbe.EnsureReachableAsync(endpoint, TimeSpan.FromSeconds(10)));
        Assert.StartsWith($"judge endpoint {endpoint}: cannot connect (", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task AnyHttpAnswerCountsAsReachable()
    {
        // The fake server has no /models route: a 404 still proves something is listening.
        await using var server = await FakeJudgeServer.StartAsync(_ => FakeJudgeServer.Completion("A"));
        await JudgeEndpointProbe.EnsureReachableAsync(server.Endpoint, TimeSpan.FromSeconds(10));
    }
}
