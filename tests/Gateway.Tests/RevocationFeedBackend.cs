using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SheqingMinyi.Gateway.Tests;

/// <summary>
/// A real Kestrel server standing in for identity's revocation feed (GET /internal/revocations): it answers the
/// revocations a test adds, in identity's JSON shape, or 503 while <see cref="Down"/>; and counts the reads.
/// </summary>
public sealed class RevocationFeedBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<object> _items = new();
    private int _reads;

    public Uri Address { get; private set; } = null!;
    public volatile bool Down;
    public int Reads => Volatile.Read(ref _reads);

    private RevocationFeedBackend()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Urls.Add("http://127.0.0.1:0");
        _app.MapGet("/internal/revocations", () =>
        {
            Interlocked.Increment(ref _reads);
            var now = DateTimeOffset.UtcNow;
            return Down ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable)
                : Results.Json(new { asOf = now, from = now.AddMinutes(-16), items = _items.ToArray() });
        });
    }

    public static async Task<RevocationFeedBackend> StartAsync()
    {
        var backend = new RevocationFeedBackend();
        await backend._app.StartAsync();
        backend.Address = new Uri(backend._app.Services.GetRequiredService<IServer>().Features
            .GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        return backend;
    }

    /// <summary>Adds a revocation as identity records it: kind account, client or tenant.</summary>
    public void Revoke(string kind, string subject, string tenantId, DateTimeOffset? at = null) =>
        _items.Enqueue(new { kind, subject, tenantId, revokedAt = at ?? DateTimeOffset.UtcNow });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Echo backends for the services, the feed backend as identity, and a gateway reading the feed every second.</summary>
public class RevocationGatewayFixture : IAsyncLifetime
{
    public RevocationFeedBackend Feed { get; private set; } = null!;
    public EchoBackend Intake { get; private set; } = null!;
    public GatewayFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Feed = await RevocationFeedBackend.StartAsync();
        Intake = await EchoBackend.StartAsync(ResourceNames.Intake);
        var settings = GatewayFactory.SettingsFor(new Dictionary<string, Uri> { [ResourceNames.Intake] = Intake.Address, [ResourceNames.Identity] = Feed.Address });
        settings["Gateway:Revocation:RefreshSeconds"] = "1";
        Factory = new GatewayFactory(settings);
        _ = Factory.Server;
    }

    public HttpClient ClientWith(string token)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Intake.DisposeAsync();
        await Feed.DisposeAsync();
    }
}
