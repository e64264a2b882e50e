using Microsoft.EntityFrameworkCore;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.People.Domain;

namespace SheqingMinyi.People.Data;

/// <summary>
/// Three bodies (重庆市政协 with its two reviewers only) with typed units in a hierarchy, people with kinds and memberships (one of them ended, for history), so a new local platform is alive. Ids are fixed so the README's
/// examples work; the people are announced through the outbox like any other registration.
/// </summary>
public sealed class PeopleDemoData : IDemoDataSeeder<PeopleDbContext>
{
    public static class Ids
    {
        public const string ShapingbaTenant = "spb-zx";      // 沙坪坝区政协
        public const string MinjianTenant = "mj-cq";         // 民建重庆市委
        public const string MunicipalTenant = "cq-zx";       // 重庆市政协, the parent both forward to
        public static readonly Guid SpbEconomyCommittee = new("0e5b1c2a-0001-4000-8000-000000000001");
        public static readonly Guid SpbReportingPoint = new("0e5b1c2a-0001-4000-8000-000000000002");
        public static readonly Guid MjDistrictCommittee = new("0e5b1c2a-0001-4000-8000-000000000003");
        public static readonly Guid SpbEducationSector = new("0e5b1c2a-0001-4000-8000-000000000004");
        public static readonly Guid SpbCityMemberGroup = new("0e5b1c2a-0001-4000-8000-000000000005");
        public static readonly Guid SpbDigitalEconomyGroup = new("0e5b1c2a-0001-4000-8000-000000000006");
        public static readonly Guid MjFinanceBranch = new("0e5b1c2a-0001-4000-8000-000000000007");
        public static readonly Guid MjResearchGroup = new("0e5b1c2a-0001-4000-8000-000000000008");
        public static readonly Guid ZhangMing = new("0e5b1c2a-0002-4000-8000-000000000001");
        public static readonly Guid LiHua = new("0e5b1c2a-0002-4000-8000-000000000002");
        public static readonly Guid WangFang = new("0e5b1c2a-0002-4000-8000-000000000003");
        public static readonly Guid LiuFeilong = new("0e5b1c2a-0002-4000-8000-000000000004");
        public static readonly Guid ChenJing = new("0e5b1c2a-0002-4000-8000-000000000005");
        public static readonly Guid ZhaoQiang = new("0e5b1c2a-0002-4000-8000-000000000006");
        public static readonly Guid SunLi = new("0e5b1c2a-0002-4000-8000-000000000007");
        public static readonly Guid ZhouTao = new("0e5b1c2a-0002-4000-8000-000000000008");
        public static readonly Guid ZhangMingInEconomy = new("0e5b1c2a-0003-4000-8000-000000000001");
        public static readonly Guid ZhangMingInEducation = new("0e5b1c2a-0003-4000-8000-000000000002");
        public static readonly Guid ZhangMingInCityGroup = new("0e5b1c2a-0003-4000-8000-000000000003");
        public static readonly Guid ZhangMingFormerlyAtReportingPoint = new("0e5b1c2a-0003-4000-8000-000000000004");
        public static readonly Guid LiHuaAtReportingPoint = new("0e5b1c2a-0003-4000-8000-000000000005");
        public static readonly Guid LiuFeilongInDistrict = new("0e5b1c2a-0003-4000-8000-000000000006");
        public static readonly Guid LiuFeilongInResearchGroup = new("0e5b1c2a-0003-4000-8000-000000000007");
    }

    private sealed record DemoUnit(Guid Id, string Name, string Category, Guid? ParentId = null);
    private sealed record DemoPerson(Guid Id, string Name, Guid? UnitId, string[] Roles, string[]? Kinds = null);
    private sealed record DemoMembership(Guid Id, Guid PersonId, Guid UnitId, string Role, DateOnly StartsOn, DateOnly? EndsOn = null);

    private static DateOnly Day(int year, int month, int day) => new(year, month, day);

    private static readonly (string Tenant, DemoUnit[] Units, DemoPerson[] Persons, DemoMembership[] Memberships)[] Bodies =
    [
        (Ids.ShapingbaTenant,
        [
            new DemoUnit(Ids.SpbEconomyCommittee, "经济委员会", "special-committee"),
            new DemoUnit(Ids.SpbReportingPoint, "磁器口街道信息站", "reporting-point"),
            new DemoUnit(Ids.SpbEducationSector, "教育界", "sector"),
            new DemoUnit(Ids.SpbCityMemberGroup, "沙坪坝城区委员组", "member-group"),
            new DemoUnit(Ids.SpbDigitalEconomyGroup, "数字经济专业小组", "professional-group", Ids.SpbEconomyCommittee),
        ],
        [
            new DemoPerson(Ids.ZhangMing, "张明", Ids.SpbEconomyCommittee, ["member"]),
            new DemoPerson(Ids.LiHua, "李华", Ids.SpbReportingPoint, ["officer"]),
            new DemoPerson(Ids.WangFang, "王芳", null, ["staff-editor", "director"]),
            new DemoPerson(Ids.ZhaoQiang, "赵强", null, ["leader"]),
        ],
        [
            // 张明 sits in a committee, a sector and a member group at once, and once reported through 磁器口.
            new DemoMembership(Ids.ZhangMingInEconomy, Ids.ZhangMing, Ids.SpbEconomyCommittee, "委员", Day(2023, 1, 1)),
            new DemoMembership(Ids.ZhangMingInEducation, Ids.ZhangMing, Ids.SpbEducationSector, "委员", Day(2023, 1, 1)),
            new DemoMembership(Ids.ZhangMingInCityGroup, Ids.ZhangMing, Ids.SpbCityMemberGroup, "组长", Day(2023, 1, 1)),
            new DemoMembership(Ids.ZhangMingFormerlyAtReportingPoint, Ids.ZhangMing, Ids.SpbReportingPoint, "信息员", Day(2022, 1, 1), Day(2022, 12, 31)),
            new DemoMembership(Ids.LiHuaAtReportingPoint, Ids.LiHua, Ids.SpbReportingPoint, "信息员", Day(2024, 3, 1)),
        ]),
        (Ids.MinjianTenant,
        [
            new DemoUnit(Ids.MjDistrictCommittee, "民建九龙坡区委会", "district-committee"),
            new DemoUnit(Ids.MjFinanceBranch, "民建市直金融支部", "grassroots-organisation"),
            new DemoUnit(Ids.MjResearchGroup, "参政议政专业小组", "professional-group", Ids.MjDistrictCommittee),
        ],
        [
            new DemoPerson(Ids.LiuFeilong, "刘飞龙", Ids.MjDistrictCommittee, ["member"], ["party-member"]), // a 会员 of 民建
            new DemoPerson(Ids.ChenJing, "陈静", null, ["leader"]),
        ],
        [
            new DemoMembership(Ids.LiuFeilongInDistrict, Ids.LiuFeilong, Ids.MjDistrictCommittee, "会员", Day(2022, 6, 1)),
            new DemoMembership(Ids.LiuFeilongInResearchGroup, Ids.LiuFeilong, Ids.MjResearchGroup, "成员", Day(2024, 1, 1)),
        ]),
        // 重庆市政协 reviews what its child bodies forward (转报): an editor-director and a leader, no units of its own here.
        (Ids.MunicipalTenant,
        [],
        [
            new DemoPerson(Ids.SunLi, "孙丽", null, ["staff-editor", "director"]),
            new DemoPerson(Ids.ZhouTao, "周涛", null, ["leader"]),
        ],
        []),
    ];

    public async Task SeedAsync(PeopleDbContext db, CancellationToken ct)
    {
        var knownPersons = await db.Persons.IgnoreQueryFilters().Select(p => p.Id).ToListAsync(ct);
        var knownUnits = await db.Units.IgnoreQueryFilters().Select(u => u.Id).ToListAsync(ct);
        var knownMemberships = await db.Memberships.IgnoreQueryFilters().Select(m => m.Id).ToListAsync(ct);
        foreach (var (tenant, units, persons, memberships) in Bodies)
        {
            foreach (var unit in units.Where(u => !knownUnits.Contains(u.Id)))
                db.Units.Add(Unit.Create(unit.Id, tenant, unit.Name, unit.Category, unit.ParentId));
            foreach (var person in persons.Where(p => !knownPersons.Contains(p.Id)))
                db.Persons.Add(Person.Register(person.Id, tenant, person.Name, person.UnitId, person.Roles, DateTimeOffset.UtcNow, person.Kinds));
            foreach (var m in memberships.Where(m => !knownMemberships.Contains(m.Id)))
                db.Memberships.Add(Membership.Start(m.Id, tenant, m.PersonId, m.UnitId, m.Role, m.StartsOn, m.EndsOn));
        }
        await db.SaveChangesAsync(ct);
    }
}
