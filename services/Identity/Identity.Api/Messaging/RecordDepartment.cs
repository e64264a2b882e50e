using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.Identity.Data;
using SheqingMinyi.IntegrationEvents;

namespace SheqingMinyi.Identity.Messaging;

/// <summary>
/// Records review's departments, so a department's client or account can only be bound to an active department of
/// its own tenant. One row per (tenant, department) holding the highest version seen: a replay changes nothing, and
/// an older change arriving after a newer one is ignored. Under the event's tenant (row security).
/// </summary>
public sealed class RecordDepartment(IdentityDbContext db) : IEventHandler<DepartmentChanged>
{
    public async Task HandleAsync(DepartmentChanged e, EventContext context, CancellationToken ct)
    {
        var name = e.Name.Length > Domain.KnownDepartment.NameMaxLength ? e.Name[..Domain.KnownDepartment.NameMaxLength] : e.Name;
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO known_departments (tenant_id, department_id, name, active, version)
            VALUES ({context.TenantId}, {e.DepartmentId}, {name}, {e.Active}, {e.Version})
            ON CONFLICT (tenant_id, department_id) DO UPDATE SET name = EXCLUDED.name, active = EXCLUDED.active, version = EXCLUDED.version
                WHERE known_departments.version < EXCLUDED.version
            """, ct);
    }
}

public static class DepartmentDirectory
{
    /// <summary>Identity's consumer group (set up by <see cref="PersonDirectory.AddPersonDirectory"/>) reads review's departments too.</summary>
    public static IHostApplicationBuilder AddDepartmentDirectory(this IHostApplicationBuilder builder) =>
        builder.AddEventHandler<DepartmentChanged, RecordDepartment>();

    /// <summary>Whether review announced <paramref name="departmentId"/> as an active department of <paramref name="tenantId"/>.</summary>
    public static Task<bool> IsActiveDepartmentAsync(this IdentityDbContext db, string tenantId, Guid departmentId, CancellationToken ct) =>
        db.KnownDepartments.AnyAsync(d => d.TenantId == tenantId && d.DepartmentId == departmentId && d.Active, ct);
}
