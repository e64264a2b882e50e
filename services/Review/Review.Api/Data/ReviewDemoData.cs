using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.Review.Domain;

namespace SheqingMinyi.Review.Data;

/// <summary>
/// The demo bodies' departments (承办单位), so the README's 交办 flow works at once: 沙坪坝区政协's 区民政局 (whose system
/// is identity's demo department client <c>spb-mzj</c>), 区卫生健康委 and 区住房城乡建委; 重庆市政协's 市民政局 and
/// 市卫生健康委. Fixed ids; announced like any other department; seeds only what is missing.
/// </summary>
public sealed class ReviewDemoData : IDemoDataSeeder<ReviewDbContext>
{
    public static readonly Guid SpbCivilAffairs = new("0e5b1c2a-0009-4000-8000-000000000001");
    public static readonly Guid SpbHealth = new("0e5b1c2a-0009-4000-8000-000000000002");
    public static readonly Guid SpbHousing = new("0e5b1c2a-0009-4000-8000-000000000003");
    public static readonly Guid CqCivilAffairs = new("0e5b1c2a-0009-4000-8000-000000000004");
    public static readonly Guid CqHealth = new("0e5b1c2a-0009-4000-8000-000000000005");

    private static readonly (Guid Id, string Tenant, string Name)[] Departments =
    [
        (SpbCivilAffairs, "spb-zx", "区民政局"), (SpbHealth, "spb-zx", "区卫生健康委"), (SpbHousing, "spb-zx", "区住房城乡建委"),
        (CqCivilAffairs, "cq-zx", "市民政局"), (CqHealth, "cq-zx", "市卫生健康委"),
    ];

    public async Task SeedAsync(ReviewDbContext db, CancellationToken ct)
    {
        var existing = await db.Departments.IgnoreQueryFilters().Select(d => d.Id).ToListAsync(ct);
        var now = DateTimeOffset.UtcNow;
        foreach (var (id, tenant, name) in Departments.Where(d => !existing.Contains(d.Id)))
            db.Departments.Add(Department.Create(tenant, name, now, id));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Another replica seeded them first.
        }
    }
}
