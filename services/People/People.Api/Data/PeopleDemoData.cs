using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Messaging;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.IntegrationEvents;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Data;

/// <summary>
/// Two bodies with a few units and people, so a new local platform is alive. Ids are fixed so the README's
/// examples work; the people are announced through the outbox like any other registration.
/// </summary>
public sealed class PeopleDemoData : IDemoDataSeeder<PeopleDbContext>
{
    public static class Ids
    {
        public const string ShapingbaTenant = "spb-zx";      // 沙坪坝区政协
        public const string MinjianTenant = "mj-cq";         // 民建重庆市委
        public static readonly Guid SpbEconomyCommittee = new("0e5b1c2a-0001-4000-8000-000000000001");
        public static readonly Guid SpbReportingPoint = new("0e5b1c2a-0001-4000-8000-000000000002");
        public static readonly Guid MjDistrictCommittee = new("0e5b1c2a-0001-4000-8000-000000000003");
        public static readonly Guid ZhangMing = new("0e5b1c2a-0002-4000-8000-000000000001");
        public static readonly Guid LiHua = new("0e5b1c2a-0002-4000-8000-000000000002");
        public static readonly Guid WangFang = new("0e5b1c2a-0002-4000-8000-000000000003");
        public static readonly Guid LiuFeilong = new("0e5b1c2a-0002-4000-8000-000000000004");
        public static readonly Guid ChenJing = new("0e5b1c2a-0002-4000-8000-000000000005");
        public static readonly Guid ZhaoQiang = new("0e5b1c2a-0002-4000-8000-000000000006");
    }

    private static readonly (string Tenant, Unit[] Units, Person[] Persons)[] Bodies =
    [
        (Ids.ShapingbaTenant,
        [
            new Unit { Id = Ids.SpbEconomyCommittee, TenantId = Ids.ShapingbaTenant, Name = "经济委员会", Category = "special-committee" },
            new Unit { Id = Ids.SpbReportingPoint, TenantId = Ids.ShapingbaTenant, Name = "磁器口街道信息站", Category = "reporting-point" },
        ],
        [
            new Person { Id = Ids.ZhangMing, TenantId = Ids.ShapingbaTenant, Name = "张明", UnitId = Ids.SpbEconomyCommittee, Roles = ["member"] },
            new Person { Id = Ids.LiHua, TenantId = Ids.ShapingbaTenant, Name = "李华", UnitId = Ids.SpbReportingPoint, Roles = ["officer"] },
            new Person { Id = Ids.WangFang, TenantId = Ids.ShapingbaTenant, Name = "王芳", Roles = ["staff-editor", "director"] },
            new Person { Id = Ids.ZhaoQiang, TenantId = Ids.ShapingbaTenant, Name = "赵强", Roles = ["leader"] },
        ]),
        (Ids.MinjianTenant,
        [
            new Unit { Id = Ids.MjDistrictCommittee, TenantId = Ids.MinjianTenant, Name = "民建九龙坡区委会", Category = "district-committee" },
        ],
        [
            new Person { Id = Ids.LiuFeilong, TenantId = Ids.MinjianTenant, Name = "刘飞龙", UnitId = Ids.MjDistrictCommittee, Roles = ["member"] },
            new Person { Id = Ids.ChenJing, TenantId = Ids.MinjianTenant, Name = "陈静", Roles = ["leader"] },
        ]),
    ];

    public async Task SeedAsync(PeopleDbContext db, CancellationToken ct)
    {
        var known = await db.Persons.IgnoreQueryFilters().Select(p => p.Id).ToListAsync(ct);
        foreach (var (tenant, units, persons) in Bodies)
        {
            foreach (var unit in units.Where(u => !db.Units.IgnoreQueryFilters().Any(x => x.Id == u.Id)))
            {
                db.Units.Add(new Unit { Id = unit.Id, TenantId = tenant, Name = unit.Name, Category = unit.Category });
                db.AddEvent(tenant, new UnitCreated(unit.Id, unit.Name, unit.Category));
            }
            foreach (var person in persons.Where(p => !known.Contains(p.Id)))
            {
                db.Persons.Add(new Person { Id = person.Id, TenantId = tenant, Name = person.Name, UnitId = person.UnitId,
                    Roles = [.. person.Roles], CreatedAt = DateTimeOffset.UtcNow });
                db.AddEvent(tenant, new PersonRegistered(person.Id, person.Name, person.UnitId, person.Roles));
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
