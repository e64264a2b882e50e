using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace SheqingMinyi.Gateway.Revocation;

/// <summary>The list the gateway checks tokens against: the last one identity gave, kept while identity is down.</summary>
public sealed class RevocationCache(TimeProvider clock)
{
    private volatile RevocationList _list = RevocationList.Empty;

    public RevocationList List => _list;
    public DateTimeOffset StartedAt { get; } = clock.GetUtcNow();
    public DateTimeOffset? LoadedAt { get; private set; }
    public string? LastError { get; private set; }

    public void Replace(RevocationList list)
    {
        _list = list;
        LoadedAt = clock.GetUtcNow();
        LastError = null;
    }

    public void Failed(string error) => LastError = error;
}

/// <summary>
/// Reads identity's revocation feed every <see cref="RevocationOptions.RefreshSeconds"/>. On failure it keeps the
/// last good list and logs a warning at each failed read; until a first list is read no token is refused (identity
/// issues no token while it is down either). /health says Degraded once the list is three refreshes old.
/// </summary>
public sealed class RevocationPoller(IHttpClientFactory clients, RevocationCache cache, IOptions<RevocationOptions> options,
    ILogger<RevocationPoller> log) : BackgroundService
{
    public const string ClientName = "sqmy-revocations";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Refresh);
        try
        {
            do await RefreshAsync(stoppingToken);
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    public async Task RefreshAsync(CancellationToken ct)
    {
        try
        {
            var feed = await clients.CreateClient(ClientName).GetFromJsonAsync<RevocationFeed>(options.Value.FeedUrl, JsonSerializerOptions.Web, ct);
            if (feed?.Items is not { } items) throw new InvalidDataException("The revocation feed answered without items.");
            var recovered = cache.LastError is not null;
            cache.Replace(new RevocationList(items));
            if (recovered) log.LogInformation("Revocation feed read again: {Count} revocations", items.Count);
        }
        catch (Exception error) when (!ct.IsCancellationRequested) // down, slow, or answering something else: keep the last list
        {
            cache.Failed(error.Message);
            log.LogWarning("Revocation feed unavailable ({Error}); keeping the list read at {LoadedAt} ({Count} revocations)",
                error.Message, cache.LoadedAt?.ToString("O") ?? "never", cache.List.Count);
        }
    }
}

/// <summary>/health: Degraded when the last list read (or, before any, the start) is older than three refreshes.</summary>
public sealed class RevocationHealthCheck(RevocationCache cache, IOptions<RevocationOptions> options, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["revocations"] = cache.List.Count, ["loadedAt"] = cache.LoadedAt?.ToString("O") ?? "never" };
        if (cache.LastError is { } error) data["lastError"] = error;
        var stale = clock.GetUtcNow() - (cache.LoadedAt ?? cache.StartedAt) > 3 * options.Value.Refresh;
        var result = (stale, cache.LoadedAt) switch
        {
            (false, null) => HealthCheckResult.Healthy("Starting: no revocation list read yet.", data),
            (false, _) => HealthCheckResult.Healthy($"{cache.List.Count} revocations.", data),
            (true, null) => HealthCheckResult.Degraded("No revocation list read from identity yet: no token is refused as revoked.", data: data),
            (true, { } loaded) => HealthCheckResult.Degraded($"Revocation list is stale: last read at {loaded:O}.", data: data),
        };
        return Task.FromResult(result);
    }
}
