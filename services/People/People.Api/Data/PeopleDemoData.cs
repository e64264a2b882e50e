using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Persistence;
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

    private sealed record DemoUnit(Guid Id, string Name, string Category);
    private sealed record DemoPerson(Guid Id, string Name, Guid? UnitId, string[] Roles);

    private static readonly (string Tenant, DemoUnit[] Units, DemoPerson[] Persons)[] Bodies =
    [
        (Ids.ShapingbaTenant,
        [
            new DemoUnit(Ids.SpbEconomyCommittee, "经济委员会", "special-committee"),
            new DemoUnit(Ids.SpbReportingPoint, "磁器口街道信息站", "reporting-point"),
        ],
        [
            new DemoPerson(Ids.ZhangMing, "张明", Ids.SpbEconomyCommittee, ["member"]),
            new DemoPerson(Ids.LiHua, "李华", Ids.SpbReportingPoint, ["officer"]),
            new DemoPerson(Ids.WangFang, "王芳", null, ["staff-editor", "director"]),
            new DemoPerson(Ids.ZhaoQiang, "赵强", null, ["leader"]),
        ]),
        (Ids.MinjianTenant,
        [
            new DemoUnit(Ids.MjDistrictCommittee, "民建九龙坡区委会", "district-committee"),
        ],
        [
            new DemoPerson(Ids.LiuFeilong, "刘飞龙", Ids.MjDistrictCommittee, ["member"]),
            new DemoPerson(Ids.ChenJing, "陈静", null, ["leader"]),
        ]),
    ];

    public async Task SeedAsync(PeopleDbContext db, CancellationToken ct)
    {
        var known = await db.Persons.IgnoreQueryFilters().Select(p => p.Id).ToListAsync(ct);
        foreach (var (tenant, units, persons) in Bodies)
        {
            foreach (var unit in units.Where(u => !db.Units.IgnoreQueryFilters().Any(x => x.Id == u.Id)))
                db.Units.Add(Unit.Create(unit.Id, tenant, unit.Name, unit.Category));
            foreach (var person in persons.Where(p => !known.Contains(p.Id)))
                db.Persons.Add(Person.Register(person.Id, tenant, person.Name, person.UnitId, person.Roles, DateTimeOffset.UtcNow));
        }
        await db.SaveChangesAsync(ct);
    }
}
