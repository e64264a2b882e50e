using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SheqingMinyi.BuildingBlocks.Maintenance;
using SheqingMinyi.BuildingBlocks.Tenancy;

namespace SheqingMinyi.BuildingBlocks.Http.Idempotency;

/// <summary>Deletes idempotency keys past their 24 hours, every tenant's (as the owner), in batches.</summary>
public sealed class IdempotencyRetention<TContext>(TContext db, TenantContext tenant, IOptions<RetentionOptions> options, TimeProvider clock)
    : IRetentionTask where TContext : DbContext
{
    public string Name => "expired idempotency keys";

    public async Task<long> PruneAsync(CancellationToken ct)
    {
        tenant.RunAsOwner();
        var now = clock.GetUtcNow();
        var batch = options.Value.BatchSize;
        long total = 0;
        while (true)
        {
            var deleted = await db.Database.ExecuteSqlAsync($"""
                DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE expires_at <= {now} LIMIT {batch})
                """, ct);
            total += deleted;
            if (deleted < batch) return total;
        }
    }
}
