using Microsoft.EntityFrameworkCore;

namespace SheqingMinyi.BuildingBlocks.Http.Idempotency;

/// <summary>The key rows, read and written in the request's transaction under the tenant's row security.</summary>
internal static class IdempotencyStore
{
    /// <summary>False when another transaction holds the key (its request is still running): never waits.</summary>
    public static async Task<bool> TryLockAsync(DbContext db, KeyScope scope, CancellationToken ct) =>
        await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock(hashtextextended({scope.LockText}, 0)) AS \"Value\"")
            .SingleAsync(ct);

    /// <summary>The completed, unexpired answer for the key, if any.</summary>
    public static Task<IdempotencyRecord?> FindAsync(DbContext db, KeyScope scope, DateTimeOffset now, CancellationToken ct) =>
        db.Set<IdempotencyRecord>().AsNoTracking().IgnoreQueryFilters()
            .Where(r => r.TenantId == scope.TenantId && r.Client == scope.Client && r.Key == scope.Key
                && r.State == IdempotencyRecord.Completed && r.ExpiresAt > now)
            .FirstOrDefaultAsync(ct);

    /// <summary>Takes the key for this request (replacing an expired row): in progress until it completes, in the same transaction.</summary>
    public static async Task ClaimAsync(DbContext db, KeyScope scope, string fingerprint, DateTimeOffset now, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO idempotency_keys (tenant_id, client, key, fingerprint, state, created_at, expires_at)
            VALUES ({scope.TenantId}, {scope.Client}, {scope.Key}, {fingerprint}, {IdempotencyRecord.InProgress}, {now}, {now + IdempotencyKeys.Lifetime})
            ON CONFLICT (tenant_id, client, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, state = EXCLUDED.state,
                status_code = NULL, headers = NULL, body = NULL, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
            """, ct);

    public static async Task CompleteAsync(DbContext db, KeyScope scope, int status, string headers, byte[] body, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"""
            UPDATE idempotency_keys SET state = {IdempotencyRecord.Completed}, status_code = {status}, headers = {headers}::jsonb, body = {body}
            WHERE tenant_id = {scope.TenantId} AND client = {scope.Client} AND key = {scope.Key}
            """, ct);
}
