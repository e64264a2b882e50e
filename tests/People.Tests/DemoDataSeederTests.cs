using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.BuildingBlocks.Persistence;
using SheqingMinyi.People.Data;
using Ids = SheqingMinyi.People.Data.PeopleDemoData.Ids;

namespace SheqingMinyi.People.Tests;

/// <summary>Demo:Seed=true gives a new local platform two bodies with people; seeding again changes nothing.</summary>
public sealed class DemoDataSeederTests(DemoSeededPeopleFactory demo, PeopleFactory plain)
    : IClassFixture<DemoSeededPeopleFactory>, IClassFixture<PeopleFactory>
{
    private static Dictionary<string, JsonElement> ByName(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);

    [Fact]
    public async Task Shapingba_gets_its_units_and_four_people_with_the_fixed_ids()
    {
        var client = demo.ClientFor(Ids.ShapingbaTenant);

        var people = ByName(await PeopleApi.ListPersonsAsync(client));
        var units = await PeopleApi.ListUnitsAsync(client);

        Assert.Equal(["张明", "李华", "王芳", "赵强"], people.Keys.Order());
        Assert.Equal(["leader"], people["赵强"].GetProperty("roles").Strings());
        Assert.Equal(Ids.ZhangMing, people["张明"].GetProperty("id").GetGuid());
        Assert.Equal(Ids.SpbEconomyCommittee, people["张明"].GetProperty("unitId").GetGuid());
        Assert.Equal(["member"], people["张明"].GetProperty("roles").Strings());
        Assert.Equal(Ids.SpbReportingPoint, people["李华"].GetProperty("unitId").GetGuid());
        Assert.Equal(["staff-editor", "director"], people["王芳"].GetProperty("roles").Strings());
        Assert.False(people["王芳"].TryGetProperty("unitId", out _));
        Assert.Equal(["教育界", "数字经济专业小组", "沙坪坝城区委员组", "磁器口街道信息站", "经济委员会"], PeopleApi.Names(units).Order());
    }

    [Fact]
    public async Task Minjian_gets_its_own_people_and_sees_none_of_Shapingbas()
    {
        var people = ByName(await PeopleApi.ListPersonsAsync(demo.ClientFor(Ids.MinjianTenant)));

        Assert.Equal(["刘飞龙", "陈静"], people.Keys.Order());
        Assert.Equal(Ids.LiuFeilong, people["刘飞龙"].GetProperty("id").GetGuid());
        Assert.Equal(Ids.MjDistrictCommittee, people["刘飞龙"].GetProperty("unitId").GetGuid());
        Assert.Equal(["参政议政专业小组", "民建九龙坡区委会", "民建市直金融支部"], PeopleApi.Names(await PeopleApi.ListUnitsAsync(demo.ClientFor(Ids.MinjianTenant))).Order());
        Assert.DoesNotContain("张明", people.Keys);
    }

    [Fact]
    public async Task Seeded_people_and_units_are_announced_through_the_outbox_under_their_tenant()
    {
        var zhang = Assert.Single(await PeopleDb.OutboxAsync(demo.ConnectionString, "PersonRegistered", "personId", Ids.ZhangMing));
        var liu = Assert.Single(await PeopleDb.OutboxAsync(demo.ConnectionString, "PersonRegistered", "personId", Ids.LiuFeilong));
        var unit = Assert.Single(await PeopleDb.OutboxAsync(demo.ConnectionString, "UnitCreated", "unitId", Ids.MjDistrictCommittee));

        Assert.Equal(Ids.ShapingbaTenant, zhang.TenantId);
        Assert.Equal(Ids.MinjianTenant, liu.TenantId);
        Assert.Equal(Ids.MinjianTenant, unit.TenantId);
        Assert.Equal(6, await TestDb.ScalarAsync<long>(demo.ConnectionString,
            "SELECT count(*) FROM outbox_messages WHERE type = 'PersonRegistered' AND tenant_id IN ('spb-zx', 'mj-cq')"));
    }

    [Fact]
    public async Task Seeding_again_adds_no_rows_and_no_events()
    {
        var before = await PeopleDb.CountsAsync(demo.ConnectionString);
        Assert.Equal(new PeopleDb.RowCounts(Units: 8, Persons: 8, Outbox: 23), before); // 8 units, 8 persons, 7 memberships announced // this class only reads the demo database

        await using (var scope = demo.Services.CreateAsyncScope())
        {
            // Seeding spans tenants, so it runs as the tables' owner, outside row security (as the migrator does).
            scope.ServiceProvider.GetRequiredService<SheqingMinyi.BuildingBlocks.Tenancy.TenantContext>().RunAsOwner();
            var seeder = scope.ServiceProvider.GetRequiredService<IDemoDataSeeder<PeopleDbContext>>();
            await seeder.SeedAsync(scope.ServiceProvider.GetRequiredService<PeopleDbContext>(), CancellationToken.None);
        }

        Assert.Equal(before, await PeopleDb.CountsAsync(demo.ConnectionString));
        Assert.Equal(7, await TestDb.CountAsync(demo.ConnectionString, "memberships"));
    }

    [Fact]
    public async Task Zhang_Ming_sits_in_a_committee_a_sector_and_a_member_group_and_once_reported_through_磁器口()
    {
        var client = demo.ClientFor(Ids.ShapingbaTenant);

        var now = await client.GetFromJsonAsync<JsonElement>($"/persons/{Ids.ZhangMing}/memberships?on=2025-01-01");
        var then = await client.GetFromJsonAsync<JsonElement>($"/persons/{Ids.ZhangMing}/memberships?on=2022-05-01");
        var tree = await client.GetFromJsonAsync<JsonElement>("/units/tree");

        Assert.Equal(new[] { "沙坪坝城区委员组", "教育界", "经济委员会" }.Order(),
            now.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("unitName").GetString()!).Order());
        Assert.Equal([Ids.ZhangMingFormerlyAtReportingPoint], then.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()));
        var committee = tree.EnumerateArray().Single(b => b.GetProperty("category").GetString() == "special-committee").GetProperty("units")[0];
        Assert.Equal(Ids.SpbDigitalEconomyGroup, committee.GetProperty("children")[0].GetProperty("id").GetGuid());
        Assert.Equal(["party-member"], (await demo.ClientFor(Ids.MinjianTenant).GetFromJsonAsync<JsonElement>($"/persons/{Ids.LiuFeilong}"))
            .GetProperty("kinds").Strings());
    }

    [Fact]
    public async Task Without_Demo_Seed_nothing_is_seeded()
    {
        Assert.Equal(0, (await PeopleApi.ListPersonsAsync(plain.ClientFor(Ids.ShapingbaTenant))).GetProperty("total").GetInt32());
        Assert.Equal(0, await TestDb.ScalarAsync<long>(plain.ConnectionString,
            "SELECT count(*) FROM persons WHERE tenant_id IN ('spb-zx', 'mj-cq')"));
    }

}
