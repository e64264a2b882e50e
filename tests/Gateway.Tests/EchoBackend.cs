using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SheqingMinyi.Gateway.Tests;

/// <summary>What the echo backend saw of one request.</summary>
public sealed record ReceivedRequest(
    string Service, string Method, string Path, string Query,
    IReadOnlyDictionary<string, string> Headers, long BodyLength, bool BodyComplete);

/// <summary>
/// A real Kestrel server on 127.0.0.1 and a free port, standing in for one service. It answers every request
/// with JSON: its service name, the method, path, query, all request headers and the body length; and it
/// records every request it saw, including ones whose body never arrived completely.
/// </summary>
public sealed class EchoBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();

    public string Service { get; }
    public Uri Address { get; private set; } = null!;
    public IReadOnlyCollection<ReceivedRequest> Received => _received;

    private EchoBackend(string service)
    {
        Service = service;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        _app = builder.Build();
        _app.Urls.Add("http://127.0.0.1:0");
        _app.Run(EchoAsync);
    }

    public static async Task<EchoBackend> StartAsync(string service)
    {
        var backend = new EchoBackend(service);
        await backend._app.StartAsync();
        var address = backend._app.Services.GetRequiredService<IServer>().Features
            .GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        backend.Address = new Uri(address);
        return backend;
    }

    /// <summary>Requests whose path contains <paramref name="marker"/> (each test uses a unique one).</summary>
    public IReadOnlyList<ReceivedRequest> ReceivedWith(string marker) =>
        [.. _received.Where(r => r.Path.Contains(marker, StringComparison.Ordinal) || r.Query.Contains(marker, StringComparison.Ordinal))];

    private async Task EchoAsync(HttpContext context)
    {
        var request = context.Request;
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        long length = 0;
        var complete = false;
        try
        {
            var buffer = new byte[8192];
            int read;
            while ((read = await request.Body.ReadAsync(buffer, context.RequestAborted)) > 0) length += read;
            complete = true;
        }
        finally
        {
            _received.Enqueue(new ReceivedRequest(Service, request.Method, request.Path.Value ?? "",
                request.QueryString.Value ?? "", headers, length, complete));
        }
        if (await AnswerErrorAsync(context)) return;
        if (Service == ResourceNames.Identity && request.Path == "/internal/revocations")
        {
            // Identity's revocation feed, as identity with no revocation answers it (the gateway polls it).
            await context.Response.WriteAsJsonAsync(new { asOf = DateTimeOffset.UtcNow, from = DateTimeOffset.UtcNow.AddMinutes(-16), items = Array.Empty<object>() });
            return;
        }
        await context.Response.WriteAsJsonAsync(new
        {
            service = Service,
            method = request.Method,
            path = request.Path.Value,
            query = request.QueryString.Value,
            headers,
            bodyLength = length,
        }, context.RequestAborted);
    }

    /// <summary>
    /// A path with /status/{code}/ answers that status with no body (as routing's 405 or a challenge would, with
    /// Allow and WWW-Authenticate); /problem/{code}/ answers it with a problem body of the service's own.
    /// </summary>
    private static async Task<bool> AnswerErrorAsync(HttpContext context)
    {
        var segments = (context.Request.Path.Value ?? "").Split('/');
        var at = Array.FindIndex(segments, s => s is "status" or "problem");
        if (at < 0 || at + 1 >= segments.Length || !int.TryParse(segments[at + 1], out var status)) return false;
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status405MethodNotAllowed) context.Response.Headers.Allow = "GET";
        if (status == StatusCodes.Status401Unauthorized) context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        if (segments[at] == "problem")
        {
            context.Response.ContentType = "application/problem+json";
            await context.Response.WriteAsync($$"""{"status":{{status}},"title":"服务自己的问题","code":"service-own-code","traceId":"x"}""");
        }
        else
            context.Response.ContentLength = 0;
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
