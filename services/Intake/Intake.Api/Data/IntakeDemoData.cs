using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.Intake.Domain;

namespace SheqingMinyi.Intake.Data;

/// <summary>A starting theme list for the two demo bodies (spb-zx, mj-cq), so their writers can tag items at once.
/// Only a tenant without any tag gets it, so what the office changed stays.</summary>
public sealed class IntakeDemoData : IDemoDataSeeder<IntakeDbContext>
{
    public static readonly string[] Tenants = ["spb-zx", "mj-cq"];
    public static readonly string[] DefaultThemes = ["社会民生", "养老服务", "经济发展", "生态环境", "教育文化", "医疗卫生", "基层治理"];

    public async Task SeedAsync(IntakeDbContext db, CancellationToken ct)
    {
        var tagged = await db.ThemeTags.IgnoreQueryFilters().Select(t => t.TenantId).Distinct().ToListAsync(ct);
        var now = DateTimeOffset.UtcNow;
        foreach (var tenant in Tenants.Except(tagged))
            foreach (var name in DefaultThemes)
                db.ThemeTags.Add(ThemeTag.Create(tenant, name, now));
        await db.SaveChangesAsync(ct);
    }
}
