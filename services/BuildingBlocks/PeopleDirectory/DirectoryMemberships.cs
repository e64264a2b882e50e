using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.BuildingBlocks.PeopleDirectory;

/// <summary>
/// Keeps the service's copy of the people service's memberships. Idempotent through the inbox and order-independent:
/// each MembershipChanged carries the membership's whole state, applied only if its Version is higher than the one held.
/// </summary>
public sealed class DirectoryMembershipHandler<TContext>(TContext db, IEnumerable<IPersonUnitsListener> listeners) : IEventHandler<MembershipChanged>
    where TContext : DbContext
{
    public async Task HandleAsync(MembershipChanged e, EventContext context, CancellationToken ct)
    {
        var membership = await db.Set<DirectoryMembership>().FirstOrDefaultAsync(m => m.MembershipId == e.MembershipId, ct);
        if (membership is null)
            db.Add(membership = new DirectoryMembership { TenantId = context.TenantId, MembershipId = e.MembershipId });
        if (e.Version <= membership.Version) return; // an older state arrived late, or the same again
        membership.PersonId = e.PersonId;
        membership.UnitId = e.UnitId;
        membership.Role = e.Role;
        membership.StartsOn = e.StartsOn;
        membership.EndsOn = e.EndsOn;
        membership.Version = e.Version;
        foreach (var listener in listeners) await listener.PersonUnitsChangedAsync(context, e.PersonId, ct);
    }
}

public static class DirectoryMemberships
{
    /// <summary>Consumes MembershipChanged into the context's directory_memberships (mapped with <c>MapDirectoryMemberships</c>):
    /// opt-in, for the services that ask who belongs to a unit.</summary>
    public static IHostApplicationBuilder AddPeopleDirectoryMemberships<TContext>(this IHostApplicationBuilder builder) where TContext : DbContext =>
        builder.AddEventHandler<MembershipChanged, DirectoryMembershipHandler<TContext>>();

    /// <summary>The units the person belongs to on <paramref name="day"/>: the current memberships' units and the main unit.</summary>
    public static async Task<List<Guid>> UnitsOfAsync(DbContext db, Guid personId, DateOnly day, CancellationToken ct)
    {
        var units = await db.Set<DirectoryMembership>().AsNoTracking()
            .Where(m => m.PersonId == personId && m.StartsOn <= day && (m.EndsOn == null || m.EndsOn >= day))
            .Select(m => m.UnitId).ToListAsync(ct);
        var main = await db.Set<DirectoryPerson>().AsNoTracking().Where(p => p.PersonId == personId).Select(p => p.UnitId).FirstOrDefaultAsync(ct);
        if (main is { } unit) units.Add(unit);
        return [.. units.Distinct()];
    }

    /// <summary>The persons who belong to the unit on <paramref name="day"/> by a membership (e.g. a professional group's members today).</summary>
    public static Task<List<Guid>> MembersOfAsync(DbContext db, Guid unitId, DateOnly day, CancellationToken ct) =>
        db.Set<DirectoryMembership>().AsNoTracking()
            .Where(m => m.UnitId == unitId && m.StartsOn <= day && (m.EndsOn == null || m.EndsOn >= day))
            .Select(m => m.PersonId).Distinct().ToListAsync(ct);
}
