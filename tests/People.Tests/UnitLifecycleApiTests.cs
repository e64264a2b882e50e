using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

/// <summary>Typed units in a hierarchy: create under a parent, read with an ETag, rename, move, close, list by type, tree.</summary>
public sealed class UnitLifecycleApiTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private string Db => factory.ConnectionString;

    [Fact]
    public async Task A_unit_created_under_a_parent_reads_back_with_its_type_name_and_version_etag()
    {
        var client = factory.ClientFor(Tenants.New());
        var parent = await RegistryApi.UnitAsync(client, "special-committee", name: "经济委员会");
        var child = await RegistryApi.UnitAsync(client, "professional-group", parent, "数字经济小组");

        var (unit, etag) = await RegistryApi.ReadAsync(client, $"/units/{child}");

        Assert.Equal("\"1\"", etag);
        Assert.Equal(("数字经济小组", "professional-group", "专业小组"),
            (unit.GetProperty("name").GetString(), unit.GetProperty("category").GetString(), unit.GetProperty("categoryName").GetString()));
        Assert.Equal(parent, unit.GetProperty("parentId").GetGuid());
        var created = Assert.Single(await RegistryApi.EventsAsync(Db, "UnitCreated", "unitId", child));
        Assert.Equal(parent, created.GetProperty("parentId").GetGuid());
    }

    [Fact]
    public async Task An_unknown_type_is_a_400_listing_the_chinese_type_names_and_writes_nothing()
    {
        var client = factory.ClientFor(Tenants.New());

        var response = await RegistryApi.ChangesNothingAsync(Db, () => client.PostAsJsonAsync("/units", new { name = "某单位", category = "committee" }));

        var problem = await response.ReadProblemAsync(400);
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("category").EnumerateArray()).GetString()!;
        foreach (var name in new[] { "专委会", "界别", "委员组", "区委会", "市直基层组织", "报送点", "专业小组", "机关处室" })
            Assert.Contains(name, message);
    }

    [Fact]
    public async Task An_unknown_parent_is_a_400_and_a_closed_parent_a_409_both_writing_nothing()
    {
        var client = factory.ClientFor(Tenants.New());
        var closed = await RegistryApi.UnitAsync(client);
        await RegistryApi.ChangeAsync(client, HttpMethod.Post, $"/units/{closed}", $"/units/{closed}/close", new { reason = "撤销" }).OkAsync();

        var unknown = await RegistryApi.ChangesNothingAsync(Db, () =>
            client.PostAsJsonAsync("/units", new { name = "甲", category = "sector", parentId = Guid.NewGuid() }));
        var underClosed = await RegistryApi.ChangesNothingAsync(Db, () =>
            client.PostAsJsonAsync("/units", new { name = "乙", category = "sector", parentId = closed }));

        Assert.True((await unknown.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty("parentId", out _));
        Assert.Equal("parent-closed", (await underClosed.ReadProblemAsync(409)).Code());
    }

    [Fact]
    public async Task Renaming_with_the_etag_changes_the_name_and_writes_UnitChanged_version_2()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await RegistryApi.UnitAsync(client, name: "旧名称");

        var renamed = await RegistryApi.ChangeAsync(client, HttpMethod.Put, $"/units/{id}", $"/units/{id}", new { name = " 新名称 " }).OkAsync();

        Assert.Equal("新名称", renamed.GetProperty("name").GetString());
        Assert.Equal("新名称", (await RegistryApi.ReadAsync(client, $"/units/{id}")).Body.GetProperty("name").GetString());
        var changed = Assert.Single(await RegistryApi.EventsAsync(Db, "UnitChanged", "unitId", id));
        Assert.Equal(("新名称", 2), (changed.GetProperty("name").GetString(), changed.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task A_stale_etag_is_a_412_a_missing_one_a_428_and_neither_changes_anything()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = await RegistryApi.UnitAsync(client, name: "原名");
        var (_, first) = await RegistryApi.ReadAsync(client, $"/units/{id}");
        await RegistryApi.SendAsync(client, HttpMethod.Put, $"/units/{id}", new { name = "二名" }, first).OkAsync();

        var stale = await RegistryApi.ChangesNothingAsync(Db, () => RegistryApi.SendAsync(client, HttpMethod.Put, $"/units/{id}", new { name = "三名" }, first));
        var missing = await RegistryApi.ChangesNothingAsync(Db, () => RegistryApi.SendAsync(client, HttpMethod.Put, $"/units/{id}", new { name = "三名" }, null));

        await stale.ReadProblemAsync(412);
        await missing.ReadProblemAsync(428);
        Assert.Equal("二名", (await RegistryApi.ReadAsync(client, $"/units/{id}")).Body.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Renaming_to_another_units_name_is_a_409()
    {
        var client = factory.ClientFor(Tenants.New());
        await RegistryApi.UnitAsync(client, name: "已有名称");
        var id = await RegistryApi.UnitAsync(client, name: "待改名");

        var response = await RegistryApi.ChangesNothingAsync(Db, () =>
            RegistryApi.ChangeAsync(client, HttpMethod.Put, $"/units/{id}", $"/units/{id}", new { name = "已有名称" }));

        Assert.Equal("duplicate-name", (await response.ReadProblemAsync(409)).Code());
    }

    [Fact]
    public async Task Moving_sets_the_parent_and_moving_to_null_makes_it_a_top_unit()
    {
        var client = factory.ClientFor(Tenants.New());
        var a = await RegistryApi.UnitAsync(client);
        var b = await RegistryApi.UnitAsync(client);

        var moved = await RegistryApi.ChangeAsync(client, HttpMethod.Post, $"/units/{b}", $"/units/{b}/move", new { parentId = a }).OkAsync();
        Assert.Equal(a, moved.GetProperty("parentId").GetGuid());
        var top = await RegistryApi.ChangeAsync(client, HttpMethod.Post, $"/units/{b}", $"/units/{b}/move", new { parentId = (Guid?)null }).OkAsync();

        Assert.False(top.TryGetProperty("parentId", out _));
        var events = await RegistryApi.EventsAsync(Db, "UnitChanged", "unitId", b);
        Assert.Equal([2, 3], events.Select(e => e.GetProperty("version").GetInt32()));
        Assert.Equal(a, events[0].GetProperty("parentId").GetGuid());
    }

    [Fact]
    public async Task Moving_a_unit_below_its_own_descendant_is_a_cycle_409_that_changes_nothing()
    {
        var client = factory.ClientFor(Tenants.New());
        var top = await RegistryApi.UnitAsync(client);
        var middle = await RegistryApi.UnitAsync(client, parentId: top);
        var bottom = await RegistryApi.UnitAsync(client, parentId: middle);

        var response = await RegistryApi.ChangesNothingAsync(Db, () =>
            RegistryApi.ChangeAsync(client, HttpMethod.Post, $"/units/{top}", $"/units/{top}/move", new { parentId = bottom }));
        var self = await RegistryApi.ChangesNothingAsync(Db, () =>
            RegistryApi.ChangeAsync(client, HttpMethod.Post, $"/units/{top}", $"/units/{top}/move", new { parentId = top }));

        Assert.Equal("unit-cycle", (await response.ReadProblemAsync(409)).Code());
        Assert.Equal("unit-cycle", (await self.ReadProblemAsync(409)).Code());
        Assert.False((await RegistryApi.ReadAsync(client, $"/units/{top}")).Body.TryGetProperty("parentId", out _));
    }

    [Fact]
    public async Task Closing_with_open_children_is_refused_and_closing_ends_the_units_current_memberships_that_day()
    {
        var client = factory.ClientFor(Tenants.New());
        var unit = await RegistryApi.UnitAsync(client);
        var child = await RegistryApi.UnitAsync(client, parentId: unit);
        var person = await RegistryApi.PersonAsync(client);
        var current = await RegistryApi.MembershipAsync(client, person, unit, "2024-01-01");
        var past = await RegistryApi.MembershipAsync(client, await RegistryApi.PersonAsync(client, "李四"), unit, "2020-01-01", "2020-12-31");

        var refused = await RegistryApi.ChangesNothingAsync(Db, () =>
            RegistryApi.ChangeAsync(client, HttpMethod.Post, $"/units/{unit}", $"/units/{unit}/close", new { reason = "合并" }));
        Assert.Equal("unit-has-open-children", (await refused.ReadProblemAsync(409)).Code());

        await RegistryApi.ChangeAsync(client, HttpMethod.Post, $"/units/{child}", $"/units/{child}/close", new { reason = "合并" }).OkAsync();
        var closed = await RegistryApi.ChangeAsync(client, HttpMethod.Post, $"/units/{unit}", $"/units/{unit}/close", new { reason = " 机构调整 " }).OkAsync();

        Assert.True(closed.TryGetProperty("closedAt", out _));
        Assert.Equal("机构调整", closed.GetProperty("closeReason").GetString());
        var today = SheqingMinyi.BuildingBlocks.Calendar.BodyCalendar.Today(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd");
        Assert.Equal(today, (await RegistryApi.ReadAsync(client, $"/memberships/{current}")).Body.GetProperty("endsOn").GetString());
        Assert.Equal("2020-12-31", (await RegistryApi.ReadAsync(client, $"/memberships/{past}")).Body.GetProperty("endsOn").GetString());
        Assert.Equal(2, (await RegistryApi.EventsAsync(Db, "MembershipChanged", "membershipId", current)).Count);
        Assert.Single(await RegistryApi.EventsAsync(Db, "MembershipChanged", "membershipId", past));
        var unitChanged = Assert.Single(await RegistryApi.EventsAsync(Db, "UnitChanged", "unitId", unit));
        Assert.Equal(2, unitChanged.GetProperty("version").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, unitChanged.GetProperty("closedAt").ValueKind);
    }

    [Fact]
    public async Task A_second_close_is_a_409_and_a_closed_unit_takes_no_new_members()
    {
        var client = factory.ClientFor(Tenants.New());
        var unit = await RegistryApi.UnitAsync(client);
        var person = await RegistryApi.PersonAsync(client);
        await RegistryApi.ChangeAsync(client, HttpMethod.Post, $"/units/{unit}", $"/units/{unit}/close", new { reason = "撤销" }).OkAsync();

        var again = await RegistryApi.ChangesNothingAsync(Db, () =>
            RegistryApi.ChangeAsync(client, HttpMethod.Post, $"/units/{unit}", $"/units/{unit}/close", new { reason = "撤销" }));
        var join = await RegistryApi.ChangesNothingAsync(Db, () => RegistryApi.StartMembershipAsync(client, person, unit, "2025-01-01"));

        Assert.Equal("unit-closed", (await again.ReadProblemAsync(409)).Code());
        Assert.Equal("unit-closed", (await join.ReadProblemAsync(409)).Code());
    }

    [Fact]
    public async Task Closing_without_a_reason_is_a_400()
    {
        var client = factory.ClientFor(Tenants.New());
        var unit = await RegistryApi.UnitAsync(client);

        var response = await RegistryApi.ChangesNothingAsync(Db, () =>
            RegistryApi.ChangeAsync(client, HttpMethod.Post, $"/units/{unit}", $"/units/{unit}/close", new { reason = " " }));

        Assert.True((await response.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task The_list_filters_by_type_and_hides_closed_units_unless_asked()
    {
        var client = factory.ClientFor(Tenants.New());
        var sector = await RegistryApi.UnitAsync(client, "sector", name: "B 教育界");
        var closedSector = await RegistryApi.UnitAsync(client, "sector", name: "A 旧界别");
        await RegistryApi.UnitAsync(client, "member-group", name: "委员组");
        await RegistryApi.ChangeAsync(client, HttpMethod.Post, $"/units/{closedSector}", $"/units/{closedSector}/close", new { reason = "撤销" }).OkAsync();

        var open = await client.GetFromJsonAsync<JsonElement>("/units?category=sector");
        var all = await client.GetFromJsonAsync<JsonElement>("/units?category=sector&includeClosed=true");
        var bad = await client.GetAsync("/units?category=nonsense");

        Assert.Equal([sector], open.Ids());
        Assert.Equal([closedSector, sector], all.Ids()); // by name
        Assert.Equal(2, all.GetProperty("total").GetInt32());
        await bad.ReadProblemAsync(400);
    }

    [Fact]
    public async Task The_tree_nests_units_under_their_parents_grouped_by_the_top_units_type()
    {
        var client = factory.ClientFor(Tenants.New());
        var committee = await RegistryApi.UnitAsync(client, "special-committee", name: "经济委员会");
        var group = await RegistryApi.UnitAsync(client, "professional-group", committee, "B 数字经济小组");
        var sector = await RegistryApi.UnitAsync(client, "sector", name: "教育界");
        var closed = await RegistryApi.UnitAsync(client, "professional-group", committee, "A 已撤小组");
        await RegistryApi.ChangeAsync(client, HttpMethod.Post, $"/units/{closed}", $"/units/{closed}/close", new { reason = "撤销" }).OkAsync();

        var tree = await client.GetFromJsonAsync<JsonElement>("/units/tree");
        var full = await client.GetFromJsonAsync<JsonElement>("/units/tree?includeClosed=true");

        Assert.Equal(["special-committee", "sector"], tree.EnumerateArray().Select(b => b.GetProperty("category").GetString()));
        Assert.Equal("专委会", tree[0].GetProperty("categoryName").GetString());
        var top = Assert.Single(tree[0].GetProperty("units").EnumerateArray());
        Assert.Equal(committee, top.GetProperty("id").GetGuid());
        Assert.Equal([group], top.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
        Assert.Equal(sector, tree[1].GetProperty("units")[0].GetProperty("id").GetGuid());
        Assert.Equal([closed, group], full[0].GetProperty("units")[0].GetProperty("children").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
    }
}
