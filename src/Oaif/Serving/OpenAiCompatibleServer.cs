using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Oaif.Serving;

/// <summary>
/// An OpenAI-compatible HTTP server for a local model: GET /v1/models and POST /v1/chat/completions
/// (no streaming). It binds 127.0.0.1 unless told otherwise, can require a bearer key, and refuses
/// oversized or out-of-range requests with 400 and a JSON error naming the parameter.
/// </summary>
public sealed class OpenAiCompatibleServer : IAsyncDisposable
{
    readonly WebApplication _app;

    OpenAiCompatibleServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>
    /// The API root, e.g. http://127.0.0.1:8000/v1/ — what a client's endpoint option wants.
    /// </summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// Starts serving <paramref name="backend"/>; <paramref name="log"/> gets one line per request.
    /// </summary>
    public static async Task<OpenAiCompatibleServer> StartAsync(IChatBackend backend, ServerOptions options,
        Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(options.Host), options.Port);
            // The body limit is enforced by the handler so the refusal is a JSON 400, not a bare 413.
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var handler = new Handler(backend, options, log ?? (_ => { }));
        app.MapGet("/v1/models", handler.ModelsAsync);
        app.MapPost("/v1/chat/completions", handler.CompletionsAsync);
        try { await app.StartAsync(cancellationToken); }
        catch (IOException e)
        {
            // Kestrel reports a taken port or an address this machine does not have as an IOException.
            await app.DisposeAsync();
            throw new OaifException($"serve: cannot listen on {options.Host}:{options.Port}: " +
                                    $"{(e.InnerException ?? e).Message.Split('\n')[0]}", e);
        }
        string address = app.Services.GetRequiredService<IServer>().Features
            .Get<IServerAddressesFeature>()!.Addresses.First();
        return new OpenAiCompatibleServer(app, new Uri(address.TrimEnd('/') + "/v1/"));
    }

    /// <summary>
    /// Waits until the server is stopped (Ctrl+C from the CLI, or <paramref name="cancellationToken"/>).
    /// </summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) =>
        _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    sealed class Handler(IChatBackend backend, ServerOptions options, Action<string> log)
    {
        public Task ModelsAsync(HttpContext context) => Respond(context, () =>
            Task.FromResult<(int, JsonObject)>((200, ChatResponseWriter.Models(backend.ModelId))));

        public Task CompletionsAsync(HttpContext context) => Respond(context, async () =>
        {
            var body = await ReadBodyAsync(context.Request);
            var request = ChatRequestParser.Parse(body, backend.ModelId, options);
            var result = await backend.CompleteAsync(request, context.RequestAborted);
            return (200, ChatResponseWriter.Completion(backend.ModelId, result, request.Logprobs));
        });

        async Task Respond(HttpContext context, Func<Task<(int Status, JsonObject Body)>> handle)
        {
            var clock = Stopwatch.StartNew();
            int status;
            JsonObject body;
            try
            {
                Authorize(context.Request);
                (status, body) = await handle();
            }
            catch (RequestError error)
            {
                (status, body) = (error.Status, ChatResponseWriter.Error(error));
            }
            catch (OaifException error)
            {
                (status, body) = (500, ChatResponseWriter.Error(new RequestError(500, error.Message, null,
                    "server_error")));
            }
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
            log($"serve method={context.Request.Method} path={context.Request.Path} status={status} " +
                $"ms={clock.Elapsed.TotalMilliseconds:F0}");
        }

        void Authorize(HttpRequest request)
        {
            if (options.ApiKey is null) return;
            string header = request.Headers.Authorization.ToString();
            const string prefix = "Bearer ";
            // Constant-time comparison, so response timing does not reveal how much of a key matched.
            bool ok = header.StartsWith(prefix, StringComparison.Ordinal)
                && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[prefix.Length..]),
                    Encoding.UTF8.GetBytes(options.ApiKey));
            if (!ok) throw new RequestError(401, "missing or wrong API key", null, "authentication_error");
        }

        async Task<JsonNode?> ReadBodyAsync(HttpRequest request)
        {
            if (request.ContentLength > options.MaxBodyBytes) throw TooLarge();
            var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (buffer.Length + read > options.MaxBodyBytes) throw TooLarge();
                buffer.Write(chunk, 0, read);
            }
            try
            {
                return JsonNode.Parse(buffer.ToArray());
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new RequestError(400, $"request body is not valid JSON: {e.Message}");
            }
        }

        RequestError TooLarge() => new(400, $"request body is larger than {options.MaxBodyBytes} bytes");
    }
}
