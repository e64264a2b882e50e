using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.Security;
using SheqingMinyi.Identity.Auth;
using SheqingMinyi.Identity.Domain;

namespace SheqingMinyi.Identity.Data;

/// <summary>
/// 重庆市政协 with two child bodies, accounts for the demo people (password <see cref="DemoPassword"/>) and the demo
/// partner client of 沙坪坝's OA system and the department client of its 区民政局 (交办). Person ids match the people service's demo data.
/// </summary>
public sealed class IdentityDemoData(IPasswordHasher<Account> hasher, IOpenIddictApplicationManager applications, PartnerClientRegistry clients) : IDemoDataSeeder<IdentityDbContext>
{
    public const string DemoPassword = "Sqmy@2026";
    public const string PartnerClientId = "spb-oa";
    public const string PartnerClientSecret = "spb-oa-demo-secret";
    /// <summary>区民政局's system (沙坪坝区政协's department, review's demo id): reads its 交办 queue and replies.</summary>
    public const string DepartmentClientId = "spb-mzj";
    public const string DepartmentClientSecret = "spb-mzj-demo-secret";
    public static readonly Guid DepartmentId = new("0e5b1c2a-0009-4000-8000-000000000001");

    private static readonly Tenant[] Tenants =
    [
        new() { Id = "cq-zx", Name = "重庆市政协", Kind = TenantKind.Cppcc },
        new() { Id = "spb-zx", Name = "沙坪坝区政协", Kind = TenantKind.Cppcc, ParentId = "cq-zx" },
        new() { Id = "mj-cq", Name = "民建重庆市委", Kind = TenantKind.DemocraticParty, ParentId = "cq-zx" },
    ];

    private static readonly (string User, string Tenant, string? Person, string[] Roles)[] Accounts =
    [
        ("operator", "cq-zx", null, [PlatformRoles.PlatformOperator]),
        ("spb-admin", "spb-zx", null, [PlatformRoles.TenantAdmin]),
        ("zhangming", "spb-zx", "0e5b1c2a-0002-4000-8000-000000000001", [PlatformRoles.Member]),
        ("lihua", "spb-zx", "0e5b1c2a-0002-4000-8000-000000000002", [PlatformRoles.Officer]),
        ("wangfang", "spb-zx", "0e5b1c2a-0002-4000-8000-000000000003", [PlatformRoles.StaffEditor, PlatformRoles.Director]),
        ("zhaoqiang", "spb-zx", "0e5b1c2a-0002-4000-8000-000000000006", [PlatformRoles.Leader]),
        ("mj-admin", "mj-cq", null, [PlatformRoles.TenantAdmin]),
        ("liufeilong", "mj-cq", "0e5b1c2a-0002-4000-8000-000000000004", [PlatformRoles.Member]),
        ("chenjing", "mj-cq", "0e5b1c2a-0002-4000-8000-000000000005", [PlatformRoles.Leader]),
        ("cq-editor", "cq-zx", "0e5b1c2a-0002-4000-8000-000000000007", [PlatformRoles.StaffEditor, PlatformRoles.Director]),
        ("cq-leader", "cq-zx", "0e5b1c2a-0002-4000-8000-000000000008", [PlatformRoles.Leader]),
    ];

    /// <summary>The demo accounts' people, as the people service's demo data registers (and announces) them: recorded
    /// here too so identity's demo stands alone; dated at the epoch, so the people service's events name them.</summary>
    private static readonly Dictionary<string, string> DemoPersonNames = new()
    {
        ["0e5b1c2a-0002-4000-8000-000000000001"] = "张明", ["0e5b1c2a-0002-4000-8000-000000000002"] = "李华",
        ["0e5b1c2a-0002-4000-8000-000000000003"] = "王芳", ["0e5b1c2a-0002-4000-8000-000000000006"] = "赵强",
        ["0e5b1c2a-0002-4000-8000-000000000004"] = "刘飞龙", ["0e5b1c2a-0002-4000-8000-000000000005"] = "陈静",
        ["0e5b1c2a-0002-4000-8000-000000000007"] = "孙丽", ["0e5b1c2a-0002-4000-8000-000000000008"] = "周涛",
    };

    public async Task SeedAsync(IdentityDbContext db, CancellationToken ct)
    {
        foreach (var tenant in Tenants.Where(t => !db.Tenants.Any(x => x.Id == t.Id)))
        {
            db.Tenants.Add(new Tenant { Id = tenant.Id, Name = tenant.Name, Kind = tenant.Kind, ParentId = tenant.ParentId, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(ct); // parents first
        }
        var existing = await db.Accounts.Select(a => a.UserName).ToListAsync(ct);
        foreach (var (user, tenant, person, roles) in Accounts.Where(a => !existing.Contains(a.User)))
        {
            var account = new Account
            {
                Id = Guid.CreateVersion7(), TenantId = tenant, UserName = user, DisplayName = user, PersonId = person is null ? null : Guid.Parse(person),
                Roles = [.. roles], CreatedAt = DateTimeOffset.UtcNow,
            };
            account.PasswordHash = hasher.HashPassword(account, DemoPassword);
            db.Accounts.Add(account);
        }
        var recorded = await db.KnownPersons.Select(p => p.PersonId).ToListAsync(ct);
        foreach (var (_, tenant, person, _) in Accounts.Where(a => a.Person is not null && !recorded.Contains(Guid.Parse(a.Person))))
            db.KnownPersons.Add(new KnownPerson { TenantId = tenant, PersonId = Guid.Parse(person!), Name = DemoPersonNames[person!], RegisteredAt = DateTimeOffset.UnixEpoch });
        await db.SaveChangesAsync(ct);

        if (await applications.FindByClientIdAsync(PartnerClientId, ct) is null)
            await clients.TryCreateAsync(PartnerClientId, PartnerClientSecret, "沙坪坝区政协OA系统", "spb-zx",
                [PlatformScopes.IntakeSubmit, PlatformScopes.IntakeRead, PlatformScopes.ReviewRead], ct);
        if (await applications.FindByClientIdAsync(DepartmentClientId, ct) is null)
            await clients.TryCreateAsync(DepartmentClientId, DepartmentClientSecret, "沙坪坝区民政局办件系统", "spb-zx", [PlatformScopes.ReviewHandle], ct,
                DepartmentId);
    }
}
