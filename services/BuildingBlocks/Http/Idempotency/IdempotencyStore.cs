using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace SheqingMinyi.BuildingBlocks.Http.Idempotency;

/// <summary>
/// The key rows, read and written in the request's transaction under the tenant's row security: two round trips
/// per keyed request besides the endpoint's own (lock and look-up in one batch, the answer's upsert), since every
/// statement of the hot write paths costs PostgreSQL more than the work it does (docs/performance.md).
/// </summary>
internal static class IdempotencyStore
{
    /// <summary>
    /// Tries the key's transaction advisory lock without waiting and reads the completed, unexpired answer, in one
    /// batch. The look-up runs after the lock is taken (the server executes a batch's statements in order, each with
    /// its own snapshot under READ COMMITTED), so it sees the answer of a request that held the lock and committed.
    /// Not <c>Locked</c> when another transaction holds the key: its request is still running.
    /// </summary>
    public static async Task<(bool Locked, IdempotencyRecord? Existing)> LockAndFindAsync(DbContext db, KeyScope scope, DateTimeOffset now, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using var batch = connection.CreateBatch();
        batch.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        batch.BatchCommands.Add(Command(batch, "SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0))", scope.LockText));
        batch.BatchCommands.Add(Command(batch, $"""
            SELECT fingerprint, status_code, headers::text, body FROM {IdempotencyModel.Table}
            WHERE tenant_id = $1 AND client = $2 AND key = $3 AND state = $4 AND expires_at > $5
            """, scope.TenantId, scope.Client, scope.Key, IdempotencyRecord.Completed, now));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var locked = await reader.ReadAsync(ct) && reader.GetBoolean(0);
        await reader.NextResultAsync(ct);
        if (!locked || !await reader.ReadAsync(ct)) return (locked, null);
        return (true, new IdempotencyRecord
        {
            TenantId = scope.TenantId, Client = scope.Client, Key = scope.Key, State = IdempotencyRecord.Completed,
            Fingerprint = reader.GetString(0),
            StatusCode = reader.IsDBNull(1) ? null : reader.GetInt32(1),
            Headers = reader.IsDBNull(2) ? null : reader.GetString(2),
            Body = reader.IsDBNull(3) ? null : reader.GetFieldValue<byte[]>(3),
        });
    }

    /// <summary>
    /// Stores the answer under the key (replacing an expired row), in the transaction of the effect: committed with
    /// it or not at all. No row is written before the endpoint runs: until the commit nobody else could see it, and
    /// the lock already keeps a second request with the key out.
    /// </summary>
    public static async Task CompleteAsync(DbContext db, KeyScope scope, string fingerprint, DateTimeOffset now, int status, string headers,
        byte[] body, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO idempotency_keys (tenant_id, client, key, fingerprint, state, status_code, headers, body, created_at, expires_at)
            VALUES ({scope.TenantId}, {scope.Client}, {scope.Key}, {fingerprint}, {IdempotencyRecord.Completed}, {status}, {headers}::jsonb, {body},
                {now}, {now + IdempotencyKeys.Lifetime})
            ON CONFLICT (tenant_id, client, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, state = EXCLUDED.state,
                status_code = EXCLUDED.status_code, headers = EXCLUDED.headers, body = EXCLUDED.body,
                created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
            """, ct);

    private static DbBatchCommand Command(DbBatch batch, string sql, params object[] values)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        foreach (var value in values)
        {
            var parameter = command.CreateParameter();
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
