using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.BuildingBlocks.Tenancy;

namespace SheqingMinyi.BuildingBlocks.Maintenance;

/// <summary>
/// A job's work across every tenant, batch by batch: each batch in a fresh scope run as the owner, inside the
/// context's execution strategy and one transaction (the batch takes its rows FOR UPDATE SKIP LOCKED, so replicas and
/// restarts never do a row twice); batches run until one does nothing. Answers how many rows were done.
/// </summary>
public static class OwnerBatches
{
    public static async Task<int> RunAsync<TContext>(IServiceScopeFactory scopes, Func<TContext, CancellationToken, Task<int>> batch,
        CancellationToken ct) where TContext : DbContext
    {
        var total = 0;
        while (await RunOneAsync(scopes, batch, ct) is var done and > 0) total += done;
        return total;
    }

    private static async Task<int> RunOneAsync<TContext>(IServiceScopeFactory scopes, Func<TContext, CancellationToken, Task<int>> batch,
        CancellationToken ct) where TContext : DbContext
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().RunAsOwner();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var done = await batch(db, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return done;
        });
    }
}
