using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.BuildingBlocks.Tenancy;

namespace SheqingMinyi.BuildingBlocks.Messaging;

/// <summary>A tenant as identity announced it: its name and the parent body it forwards to (<c>known_tenants</c>).</summary>
public sealed record TenantEntry(string Id, string Name, string? ParentId);

/// <summary>
/// The tenant directory every service keeps from TenantRegistered (table <c>known_tenants</c>, platform scripts 0005
/// and 0006): not tenant-owned, it is the platform's list of bodies and their parent links.
/// </summary>
public static class TenantDirectory
{
    public static async Task<TenantEntry?> FindAsync(DbContext db, string tenantId, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = "SELECT id, name, parent_id FROM known_tenants WHERE id = @id";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "id";
            parameter.Value = tenantId;
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct)
                ? new TenantEntry(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2))
                : null;
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The tenant's parent, if it names one that is itself known.</summary>
    public static async Task<TenantEntry?> ParentOfAsync(DbContext db, string tenantId, CancellationToken ct) =>
        await FindAsync(db, tenantId, ct) is { ParentId: { } parentId } ? await FindAsync(db, parentId, ct) : null;
}

/// <summary>Why a hand-off was refused: the target is not linked to the sending tenant in the directory.</summary>
public sealed class HandOffRefusedException(string fromTenant, string? target, string reason)
    : Exception($"跨租户移交被拒绝 / Hand-off from '{fromTenant}' to '{target ?? "(none)"}' refused: {reason}");

/// <summary>
/// The one rule of cross-tenant hand-offs: a child may hand to its parent, a parent to a child that names it as parent.
/// Nothing else (a sibling, a grandparent, an unknown tenant, itself) is a target.
/// </summary>
public static class HandOffRules
{
    public static string? RefusalToParent(TenantEntry? from, TenantEntry? target) =>
        from is null ? "the sending tenant is not in the directory"
        : target is null ? "the target tenant is not in the directory"
        : from.ParentId != target.Id || target.Id == from.Id ? $"'{target.Id}' is not the parent of '{from.Id}'"
        : null;

    public static string? RefusalToChild(TenantEntry? from, TenantEntry? target) =>
        from is null ? "the sending tenant is not in the directory"
        : target is null ? "the target tenant is not in the directory"
        : target.ParentId != from.Id || target.Id == from.Id ? $"'{target.Id}' does not name '{from.Id}' as its parent"
        : null;
}

/// <summary>
/// 跨租户移交: stages an integration event in the outbox under another tenant — the sender's parent, or a child whose
/// link the directory records — and refuses any other target. The outbox is tenant-owned, so the row is written in a
/// scope of the receiving tenant (its own row security) and commits on its own, before the sender's transaction: a
/// redelivery of the event that caused it may hand it off twice, so receivers keep its effect once (by its content).
/// The event's payload is all that crosses.
/// </summary>
public sealed class HandOff<TContext>(IServiceScopeFactory scopes) where TContext : DbContext
{
    /// <summary>Hands <paramref name="event"/> to the parent of <paramref name="fromTenant"/>; returns the parent.</summary>
    public async Task<TenantEntry> AddEventForParentAsync<TEvent>(DbContext current, string fromTenant, TEvent @event, CancellationToken ct)
        where TEvent : notnull
    {
        var from = await TenantDirectory.FindAsync(current, fromTenant, ct);
        var parent = from?.ParentId is { } parentId ? await TenantDirectory.FindAsync(current, parentId, ct) : null;
        if (HandOffRules.RefusalToParent(from, parent) is { } refused) throw new HandOffRefusedException(fromTenant, from?.ParentId, refused);
        await StageAsync(parent!.Id, @event, ct);
        return parent;
    }

    /// <summary>Hands <paramref name="event"/> to <paramref name="childTenant"/>, which must name <paramref name="fromTenant"/> as its parent.</summary>
    public async Task<TenantEntry> AddEventForChildAsync<TEvent>(DbContext current, string fromTenant, string childTenant, TEvent @event,
        CancellationToken ct) where TEvent : notnull
    {
        var from = await TenantDirectory.FindAsync(current, fromTenant, ct);
        var child = await TenantDirectory.FindAsync(current, childTenant, ct);
        if (HandOffRules.RefusalToChild(from, child) is { } refused) throw new HandOffRefusedException(fromTenant, childTenant, refused);
        await StageAsync(child!.Id, @event, ct);
        return child;
    }

    private async Task StageAsync<TEvent>(string tenant, TEvent @event, CancellationToken ct) where TEvent : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        db.AddEvent(tenant, @event);
        await db.SaveChangesAsync(ct);
    }
}
