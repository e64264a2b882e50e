using System.Text.Json;
using SheqingMinyi.People.Domain;
using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

/// <summary>GET /persons as a search: each filter with the persons it finds and their count, the sorts, bad values.</summary>
public sealed class PersonSearchTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private static string[] Names(JsonElement page) => PeopleApi.Names(page.GetProperty("items"));

    private async Task<JsonElement> SearchAsync(string tenant, string query) =>
        await PeopleApi.ListPersonsAsync(factory.ClientFor(tenant), query);

    private async Task AssertFindsAsync(string tenant, string query, params string[] names)
    {
        var page = await SearchAsync(tenant, query);
        Assert.Equal(names.Order(StringComparer.Ordinal), Names(page).Order(StringComparer.Ordinal));
        Assert.Equal(names.Length, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task q_matches_a_part_of_the_name_or_a_prefix_of_its_pinyin_initials()
    {
        var tenant = Tenants.New();
        foreach (var name in new[] { "张明", "张敏华", "李华", "王芳", "赵明远" })
            await ProfileSeed.PersonAsync(factory, tenant, name);

        await AssertFindsAsync(tenant, "?q=明", "张明", "赵明远");
        await AssertFindsAsync(tenant, "?q=华", "张敏华", "李华");
        await AssertFindsAsync(tenant, "?q=zm", "张明", "张敏华", "赵明远");
        await AssertFindsAsync(tenant, "?q=zmy", "赵明远");
        await AssertFindsAsync(tenant, "?q=ZMH", "张敏华");
        await AssertFindsAsync(tenant, "?q=wf", "王芳");
        await AssertFindsAsync(tenant, "?q=z", "张明", "张敏华", "赵明远");
        await AssertFindsAsync(tenant, "?q=mz"); // initials match from the start only
        await AssertFindsAsync(tenant, "?q=%25"); // a LIKE wildcard is taken literally
    }

    [Fact]
    public async Task kind_and_tag_filter_on_the_arrays()
    {
        var tenant = Tenants.New();
        await ProfileSeed.PersonAsync(factory, tenant, "委员甲", [PersonKinds.Member], ["教育", "法律"]);
        await ProfileSeed.PersonAsync(factory, tenant, "委员兼信息员", [PersonKinds.Member, PersonKinds.SpecialOfficer], ["经济"]);
        await ProfileSeed.PersonAsync(factory, tenant, "信息员乙", [PersonKinds.SpecialOfficer], ["教育"]);
        await ProfileSeed.PersonAsync(factory, tenant, "干部丙", [PersonKinds.Staff]);

        await AssertFindsAsync(tenant, "?kind=member", "委员甲", "委员兼信息员");
        await AssertFindsAsync(tenant, "?kind=special-officer", "委员兼信息员", "信息员乙");
        await AssertFindsAsync(tenant, "?kind=party-member");
        await AssertFindsAsync(tenant, "?tag=教育", "委员甲", "信息员乙");
        await AssertFindsAsync(tenant, "?tag=教育&kind=member", "委员甲");
        await AssertFindsAsync(tenant, "?tag=教", []); // tags match whole
    }

    [Fact]
    public async Task unitId_finds_the_main_unit_and_memberships_current_today_only()
    {
        var tenant = Tenants.New();
        var today = ProfileSeed.Today;
        var unit = await ProfileSeed.UnitAsync(factory, tenant, "经济委员会", UnitTypes.SpecialCommittee);
        var other = await ProfileSeed.UnitAsync(factory, tenant, "教育委员会", UnitTypes.SpecialCommittee);
        await ProfileSeed.PersonAsync(factory, tenant, "主单位", unitId: unit);
        var current = await ProfileSeed.PersonAsync(factory, tenant, "在任", unitId: other);
        var ended = await ProfileSeed.PersonAsync(factory, tenant, "已离任", unitId: other);
        var future = await ProfileSeed.PersonAsync(factory, tenant, "未到任");
        var endsToday = await ProfileSeed.PersonAsync(factory, tenant, "今日离任");
        await ProfileSeed.MembershipAsync(factory, tenant, current, unit, today.AddYears(-1));
        await ProfileSeed.MembershipAsync(factory, tenant, ended, unit, today.AddYears(-2), today.AddDays(-1));
        await ProfileSeed.MembershipAsync(factory, tenant, future, unit, today.AddDays(1));
        await ProfileSeed.MembershipAsync(factory, tenant, endsToday, unit, today.AddMonths(-1), today);

        await AssertFindsAsync(tenant, $"?unitId={unit}", "主单位", "在任", "今日离任");
        await AssertFindsAsync(tenant, $"?unitId={other}", "在任", "已离任");
        await AssertFindsAsync(tenant, $"?unitId={Guid.NewGuid()}");
    }

    [Fact]
    public async Task sectorId_finds_current_members_of_a_sector_and_refuses_a_unit_that_is_not_one()
    {
        var tenant = Tenants.New();
        var today = ProfileSeed.Today;
        var sector = await ProfileSeed.UnitAsync(factory, tenant, "教育界", UnitTypes.Sector);
        var committee = await ProfileSeed.UnitAsync(factory, tenant, "教科卫体委员会", UnitTypes.SpecialCommittee);
        var inSector = await ProfileSeed.PersonAsync(factory, tenant, "教育界委员");
        var left = await ProfileSeed.PersonAsync(factory, tenant, "曾在教育界");
        await ProfileSeed.PersonAsync(factory, tenant, "主单位是界别", unitId: sector); // a main unit alone is no sector membership
        await ProfileSeed.MembershipAsync(factory, tenant, inSector, sector, today.AddYears(-1));
        await ProfileSeed.MembershipAsync(factory, tenant, left, sector, today.AddYears(-3), today.AddYears(-1));
        await ProfileSeed.MembershipAsync(factory, tenant, left, committee, today.AddYears(-1));

        await AssertFindsAsync(tenant, $"?sectorId={sector}", "教育界委员");
        var notSector = await (await factory.ClientFor(tenant).GetAsync($"/persons?sectorId={committee}")).ReadProblemAsync(400);
        Assert.True(notSector.GetProperty("errors").TryGetProperty("sectorId", out _));
    }

    [Fact]
    public async Task active_is_true_by_default_false_gives_those_who_left_and_all_gives_both()
    {
        var tenant = Tenants.New();
        await ProfileSeed.PersonAsync(factory, tenant, "在职");
        await ProfileSeed.PersonAsync(factory, tenant, "已停用", deactivated: true);

        await AssertFindsAsync(tenant, "", "在职");
        await AssertFindsAsync(tenant, "?active=true", "在职");
        await AssertFindsAsync(tenant, "?active=false", "已停用");
        await AssertFindsAsync(tenant, "?active=all", "在职", "已停用");
    }

    [Fact]
    public async Task sort_orders_by_name_pinyin_or_creation_either_way_across_pages()
    {
        var tenant = Tenants.New();
        var start = DateTimeOffset.UtcNow.AddDays(-10);
        // Created in this order; by code point 张 (U+5F20) < 李 (U+674E) < 王 (U+738B); by pinyin l < w < z.
        await ProfileSeed.PersonAsync(factory, tenant, "王芳", createdAt: start);
        await ProfileSeed.PersonAsync(factory, tenant, "张明", createdAt: start.AddDays(1));
        await ProfileSeed.PersonAsync(factory, tenant, "李华", createdAt: start.AddDays(2));

        Assert.Equal(["张明", "李华", "王芳"], Names(await SearchAsync(tenant, "")));
        Assert.Equal(["张明", "李华", "王芳"], Names(await SearchAsync(tenant, "?sort=name")));
        Assert.Equal(["王芳", "李华", "张明"], Names(await SearchAsync(tenant, "?sort=-name")));
        Assert.Equal(["李华", "王芳", "张明"], Names(await SearchAsync(tenant, "?sort=pinyin")));
        Assert.Equal(["张明", "王芳", "李华"], Names(await SearchAsync(tenant, "?sort=-pinyin")));
        Assert.Equal(["王芳", "张明", "李华"], Names(await SearchAsync(tenant, "?sort=createdAt")));
        Assert.Equal(["李华", "张明", "王芳"], Names(await SearchAsync(tenant, "?sort=-createdAt")));
        var second = await SearchAsync(tenant, "?sort=-createdAt&page=2&pageSize=2");
        Assert.Equal(["王芳"], Names(second));
        Assert.Equal(3, second.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("?kind=nobody", "kind")]
    [InlineData("?active=yes", "active")]
    [InlineData("?sort=age", "sort")]
    [InlineData("?tag=一二三四五六七八九十一二三四五六七八九十一", "tag")]
    public async Task A_bad_filter_is_a_400_naming_it(string query, string field)
    {
        var problem = await (await factory.ClientFor(Tenants.New()).GetAsync($"/persons{query}")).ReadProblemAsync(400);

        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Another_tenants_sector_is_refused_like_an_unknown_one_and_its_persons_never_show()
    {
        var tenantA = Tenants.New();
        var tenantB = Tenants.New();
        var sectorOfA = await ProfileSeed.UnitAsync(factory, tenantA, "经济界", UnitTypes.Sector);
        var personOfA = await ProfileSeed.PersonAsync(factory, tenantA, "张明", [PersonKinds.Member], ["经济"]);
        await ProfileSeed.MembershipAsync(factory, tenantA, personOfA, sectorOfA, ProfileSeed.Today.AddYears(-1));
        await ProfileSeed.PersonAsync(factory, tenantB, "乙方委员");

        var problem = await (await factory.ClientFor(tenantB).GetAsync($"/persons?sectorId={sectorOfA}")).ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("sectorId", out _));
        await AssertFindsAsync(tenantB, "?q=zm");
        await AssertFindsAsync(tenantB, "?tag=经济");
        await AssertFindsAsync(tenantB, $"?unitId={sectorOfA}");
        await AssertFindsAsync(tenantA, $"?sectorId={sectorOfA}", "张明");
    }
}
