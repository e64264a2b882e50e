using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.BuildingBlocks.Messaging;

/// <summary>
/// The tenants this service knows (table <c>known_tenants</c>, platform script 0005, filled by
/// <see cref="RecordKnownTenant{TContext}"/>). Cached in memory; a tenant not in the cache is looked up in the
/// database at most once per <see cref="MessagingOptions.KnownTenantRecheck"/>, so a stream full of made-up
/// tenants cannot turn into a query per entry.
/// </summary>
public sealed class KnownTenants(NpgsqlDataSource dataSource, IOptions<MessagingOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, byte> _known = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _checkedAt = new();

    public async Task<bool> IsKnownAsync(string tenantId, CancellationToken ct)
    {
        if (_known.ContainsKey(tenantId)) return true;
        var now = clock.GetUtcNow();
        if (_checkedAt.TryGetValue(tenantId, out var at) && now - at < options.Value.KnownTenantRecheck) return false;
        _checkedAt[tenantId] = now;
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT FROM known_tenants WHERE id = $1)");
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        if (!(bool)(await command.ExecuteScalarAsync(ct))!) return false;
        Add(tenantId);
        return true;
    }

    internal void Add(string tenantId)
    {
        _known[tenantId] = 0;
        _checkedAt.TryRemove(tenantId, out _);
    }

    /// <summary>The event that makes tenants known is the one event not checked against them.</summary>
    public static bool IsExempt(string eventType) => eventType == EventTypeNames.Of<TenantRegistered>();
}

/// <summary>
/// Records an announced tenant. Idempotent and order-free: a repeated announcement changes nothing, and of two
/// announcements of one tenant the later (by its time) names it, whichever arrives first. A re-announcement at the
/// same time fills a parent that an announcement from before parents were announced left empty.
/// </summary>
public sealed class RecordKnownTenant<TContext>(TContext db, KnownTenants known) : IEventHandler<TenantRegistered>
    where TContext : DbContext
{
    public async Task HandleAsync(TenantRegistered @event, EventContext context, CancellationToken ct)
    {
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO known_tenants (id, name, registered_at, parent_id)
            VALUES ({@event.TenantId}, {@event.Name}, {@event.RegisteredAt}, {@event.ParentId})
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, registered_at = EXCLUDED.registered_at, parent_id = EXCLUDED.parent_id
                WHERE known_tenants.registered_at < EXCLUDED.registered_at
                   OR (known_tenants.registered_at = EXCLUDED.registered_at AND known_tenants.parent_id IS NULL AND EXCLUDED.parent_id IS NOT NULL)
            """, ct);
        context.OnCommitted(_ =>
        {
            known.Add(@event.TenantId);
            return Task.CompletedTask;
        });
    }
}

/// <summary>The reason an event for a tenant this service does not know is refused (and, after its retries, dead-lettered).</summary>
public sealed class UnknownTenantException(string tenantId)
    : Exception($"未知租户 '{tenantId}'：身份服务未登记该租户，事件未处理 / Unknown tenant '{tenantId}': the identity service has not announced it (TenantRegistered); the event was not applied.")
{
    public string TenantId { get; } = tenantId;
}
