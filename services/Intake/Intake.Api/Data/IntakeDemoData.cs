using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.Intake.Domain;

namespace SheqingMinyi.Intake.Data;

/// <summary>
/// Demo data for the two demo bodies (spb-zx, mj-cq): a starting theme list, so their writers can tag items at once
/// (only a tenant without any tag gets it, so what the office changed stays); and 沙坪坝区政协's 主席直通车, which
/// goes to 赵强 (the people service's demo person) with no staff named, so its items are hidden from 王芳 and the
/// other staff. Seeds only what is missing.
/// </summary>
public sealed class IntakeDemoData : IDemoDataSeeder<IntakeDbContext>
{
    public static readonly string[] Tenants = ["spb-zx", "mj-cq"];
    public static readonly string[] DefaultThemes = ["社会民生", "养老服务", "经济发展", "生态环境", "教育文化", "医疗卫生", "基层治理"];
    public const string ShapingbaTenant = "spb-zx";
    public static readonly Guid ZhaoQiang = new("0e5b1c2a-0002-4000-8000-000000000006");

    public async Task SeedAsync(IntakeDbContext db, CancellationToken ct)
    {
        var tagged = await db.ThemeTags.IgnoreQueryFilters().Select(t => t.TenantId).Distinct().ToListAsync(ct);
        var now = DateTimeOffset.UtcNow;
        foreach (var tenant in Tenants.Except(tagged))
            foreach (var name in DefaultThemes)
                db.ThemeTags.Add(ThemeTag.Create(tenant, name, now));
        if (!await db.ChairChannels.IgnoreQueryFilters().AnyAsync(c => c.TenantId == ShapingbaTenant, ct))
            db.ChairChannels.Add(ChairChannel.Set(ShapingbaTenant, [ZhaoQiang], [], ChairChannel.DefaultReplyDays, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Another replica seeded it first.
        }
    }
}
