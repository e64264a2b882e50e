using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Identity.Messaging;

/// <summary>
/// Records the people the people service registers, so an invitation can be checked against them. One row per
/// (tenant, person): a replay changes nothing, and of two events for one person the later (by when it occurred)
/// names them, whichever arrives first. Under the event's tenant (row security): a person is known only there.
/// </summary>
public sealed class RecordPerson(IdentityDbContext db) : IEventHandler<PersonRegistered>
{
    public async Task HandleAsync(PersonRegistered e, EventContext context, CancellationToken ct)
    {
        var name = e.Name.Length > Domain.KnownPerson.NameMaxLength ? e.Name[..Domain.KnownPerson.NameMaxLength] : e.Name;
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO known_persons (tenant_id, person_id, name, registered_at)
            VALUES ({context.TenantId}, {e.PersonId}, {name}, {context.OccurredAt.ToUniversalTime()})
            ON CONFLICT (tenant_id, person_id) DO UPDATE SET name = EXCLUDED.name, registered_at = EXCLUDED.registered_at
                WHERE known_persons.registered_at < EXCLUDED.registered_at
            """, ct);
    }
}

public static class PersonDirectory
{
    /// <summary>Identity's consumer group ("identity") reads the people stream besides the tenant announcements.</summary>
    public static IHostApplicationBuilder AddPersonDirectory(this IHostApplicationBuilder builder) => builder
        .AddEventConsuming<IdentityDbContext>()
        .AddEventHandler<PersonRegistered, RecordPerson>();

    /// <summary>Whether the people service registered <paramref name="personId"/> in <paramref name="tenantId"/>.</summary>
    public static Task<bool> IsKnownPersonAsync(this IdentityDbContext db, string tenantId, Guid personId, CancellationToken ct) =>
        db.KnownPersons.AnyAsync(p => p.TenantId == tenantId && p.PersonId == personId, ct);
}
