using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SheqingMinyi.People.Tests;

/// <summary>人才走访与人才库: visits add the people they found to the pool; the office flags, tags and links them.</summary>
public sealed class TalentApiTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    [Fact]
    public async Task A_visit_adds_a_registered_and_an_external_person_to_the_pool_with_tags_and_the_source_visit()
    {
        var client = factory.ClientFor(Tenants.New());
        var (visitor, found) = (await TalentKit.PersonAsync(client, "王芳"), await TalentKit.PersonAsync(client, "张明"));

        var visit = await TalentKit.VisitAsync(client, visitor,
            new { personId = found, expertiseTags = new[] { "经济", " 金融 ", "经济" } }, TalentKit.External("李教授", "教育"));

        var visitId = visit.GetProperty("id").GetGuid();
        Assert.Equal("university", visit.GetProperty("kind").GetString());
        Assert.Equal([visitor], visit.GetProperty("visitorIds").EnumerateArray().Select(v => v.GetGuid()));
        var pool = await client.GetFromJsonAsync<JsonElement>("/talent/pool");
        Assert.Equal(2, pool.GetProperty("total").GetInt32());
        var items = pool.GetProperty("items").EnumerateArray().ToList();
        var registered = items.Single(i => i.GetProperty("name").GetString() == "张明");
        Assert.Equal(found, registered.GetProperty("personId").GetGuid());
        Assert.Equal(["经济", "金融"], registered.GetProperty("expertiseTags").Strings());
        var external = items.Single(i => i.GetProperty("name").GetString() == "李教授");
        Assert.False(external.TryGetProperty("personId", out _));
        Assert.Equal(("重庆大学", "教授"), (external.GetProperty("organisation").GetString(), external.GetProperty("title").GetString()));
        Assert.All(items, i => Assert.Equal(visitId, i.GetProperty("sourceVisitId").GetGuid()));
        Assert.All(items, i => Assert.False(i.GetProperty("backbone").GetBoolean()));
        var (read, _) = await TalentKit.ReadAsync(client, $"/talent/visits/{visitId}");
        Assert.Equal(2, read.GetProperty("discovered").GetArrayLength());
    }

    [Fact]
    public async Task A_person_found_again_keeps_one_entry_with_both_visits_tags_and_the_first_source()
    {
        var client = factory.ClientFor(Tenants.New());
        var (visitor, found) = (await TalentKit.PersonAsync(client, "王芳"), await TalentKit.PersonAsync(client, "张明"));
        var first = await TalentKit.VisitAsync(client, visitor, new { personId = found, expertiseTags = new[] { "经济" } });

        await TalentKit.VisitAsync(client, visitor, new { personId = found, expertiseTags = new[] { "法律" } });

        var entry = Assert.Single((await client.GetFromJsonAsync<JsonElement>("/talent/pool")).GetProperty("items").EnumerateArray());
        Assert.Equal(["经济", "法律"], entry.GetProperty("expertiseTags").Strings());
        Assert.Equal(first.GetProperty("id").GetGuid(), entry.GetProperty("sourceVisitId").GetGuid());
    }

    [Theory]
    [InlineData("""{"kind":"school","place":"重庆大学","visitedOn":"2026-11-20","visitorIds":["{visitor}"]}""", "kind")]
    [InlineData("""{"place":"重庆大学","visitedOn":"2026-11-20","visitorIds":["{visitor}"]}""", "kind")]
    [InlineData("""{"kind":"district","place":"","visitedOn":"2026-11-20","visitorIds":["{visitor}"]}""", "place")]
    [InlineData("""{"kind":"district","place":"沙坪坝区","visitorIds":["{visitor}"]}""", "visitedOn")]
    [InlineData("""{"kind":"district","place":"沙坪坝区","visitedOn":"2026-11-20","visitorIds":[]}""", "visitorIds")]
    [InlineData("""{"kind":"district","place":"沙坪坝区","visitedOn":"2026-11-20","visitorIds":["{unknown}"]}""", "visitorIds")]
    [InlineData("""{"kind":"enterprise","place":"某企业","visitedOn":"2026-11-20","visitorIds":["{visitor}"],"discovered":[{"personId":"{unknown}"}]}""", "discovered[0].personId")]
    [InlineData("""{"kind":"institute","place":"某院所","visitedOn":"2026-11-20","visitorIds":["{visitor}"],"discovered":[{"organisation":"无名"}]}""", "discovered[0].name")]
    public async Task A_bad_visit_is_a_400_naming_the_field_and_adds_nothing(string body, string field)
    {
        var client = factory.ClientFor(Tenants.New());
        var visitor = await TalentKit.PersonAsync(client, "王芳");
        var before = await TalentKit.CountsAsync(factory.ConnectionString);

        var json = body.Replace("{visitor}", visitor.ToString()).Replace("{unknown}", Guid.NewGuid().ToString());
        var response = await client.PostAsync("/talent/visits", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await TalentKit.CountsAsync(factory.ConnectionString));
    }

    [Fact]
    public async Task The_pool_filters_by_backbone_tag_and_name_or_organisation_and_pages()
    {
        var client = factory.ClientFor(Tenants.New());
        var visitor = await TalentKit.PersonAsync(client, "王芳");
        var visit = await TalentKit.VisitAsync(client, visitor, TalentKit.External("A 赵", "经济"), TalentKit.External("B 钱", "法律"),
            new { name = "C 孙", organisation = "西南大学", expertiseTags = new[] { "经济" } });
        var a = visit.GetProperty("discovered").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "A 赵").GetProperty("id").GetGuid();
        var (_, etag) = await TalentKit.ReadAsync(client, $"/talent/pool/{a}");
        await TalentKit.PutAsync(client, $"/talent/pool/{a}", new { backbone = true, expertiseTags = new[] { "经济", "三农" } }, etag).OkAsync();

        Assert.Equal(["A 赵"], PeopleApi.Names((await client.GetFromJsonAsync<JsonElement>("/talent/pool?backbone=true")).GetProperty("items")));
        Assert.Equal(["B 钱", "C 孙"], PeopleApi.Names((await client.GetFromJsonAsync<JsonElement>("/talent/pool?backbone=false")).GetProperty("items")));
        Assert.Equal(["A 赵", "C 孙"], PeopleApi.Names((await client.GetFromJsonAsync<JsonElement>("/talent/pool?tag=经济")).GetProperty("items")));
        Assert.Equal(["C 孙"], PeopleApi.Names((await client.GetFromJsonAsync<JsonElement>("/talent/pool?q=西南")).GetProperty("items")));
        Assert.Equal(["B 钱"], PeopleApi.Names((await client.GetFromJsonAsync<JsonElement>("/talent/pool?q=钱")).GetProperty("items")));
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/talent/pool?q=%25")).GetProperty("items").EnumerateArray());
        var second = await client.GetFromJsonAsync<JsonElement>("/talent/pool?page=2&pageSize=2");
        Assert.Equal(["C 孙"], PeopleApi.Names(second.GetProperty("items")));
        Assert.Equal(3, second.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Editing_an_entry_needs_the_current_etag()
    {
        var client = factory.ClientFor(Tenants.New());
        var talent = TalentKit.TalentId(await TalentKit.VisitAsync(client, await TalentKit.PersonAsync(client, "王芳"), TalentKit.External("李教授", "教育")));
        var (_, etag) = await TalentKit.ReadAsync(client, $"/talent/pool/{talent}");
        var body = new { backbone = true, expertiseTags = new[] { "教育" } };

        Assert.Equal(428, (int)(await TalentKit.PutAsync(client, $"/talent/pool/{talent}", body, null)).StatusCode);
        var edited = await TalentKit.PutAsync(client, $"/talent/pool/{talent}", body, etag).OkAsync();
        var stale = await TalentKit.PutAsync(client, $"/talent/pool/{talent}", new { backbone = false, expertiseTags = Array.Empty<string>() }, etag);

        Assert.True(edited.GetProperty("backbone").GetBoolean());
        Assert.Equal("precondition-failed", (await stale.ReadProblemAsync(412)).GetProperty("code").GetString());
        var (read, _) = await TalentKit.ReadAsync(client, $"/talent/pool/{talent}");
        Assert.True(read.GetProperty("backbone").GetBoolean());
        Assert.Equal(["教育"], read.GetProperty("expertiseTags").Strings());
    }

    [Fact]
    public async Task An_external_entry_is_linked_to_a_registered_person_once()
    {
        var client = factory.ClientFor(Tenants.New());
        var talent = TalentKit.TalentId(await TalentKit.VisitAsync(client, await TalentKit.PersonAsync(client, "王芳"), TalentKit.External("李 教授")));
        var person = await TalentKit.PersonAsync(client, "李华");
        var (_, etag) = await TalentKit.ReadAsync(client, $"/talent/pool/{talent}");

        var linked = await TalentKit.PutAsync(client, $"/talent/pool/{talent}/person", new { personId = person }, etag).OkAsync();
        var (_, newTag) = await TalentKit.ReadAsync(client, $"/talent/pool/{talent}");
        var again = await TalentKit.PutAsync(client, $"/talent/pool/{talent}/person", new { personId = await TalentKit.PersonAsync(client, "别人") }, newTag);

        Assert.Equal((person, "李华"), (linked.GetProperty("personId").GetGuid(), linked.GetProperty("name").GetString()));
        Assert.Equal("talent-already-linked", (await again.ReadProblemAsync(409)).GetProperty("code").GetString());
        Assert.Equal(person, (await TalentKit.ReadAsync(client, $"/talent/pool/{talent}")).Body.GetProperty("personId").GetGuid());
    }

    [Fact]
    public async Task Linking_to_an_unknown_person_is_a_400()
    {
        var client = factory.ClientFor(Tenants.New());
        var talent = TalentKit.TalentId(await TalentKit.VisitAsync(client, await TalentKit.PersonAsync(client, "王芳"), TalentKit.External("李教授")));
        var (_, etag) = await TalentKit.ReadAsync(client, $"/talent/pool/{talent}");

        var response = await TalentKit.PutAsync(client, $"/talent/pool/{talent}/person", new { personId = Guid.NewGuid() }, etag);

        Assert.True((await response.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty("personId", out _));
        Assert.False((await TalentKit.ReadAsync(client, $"/talent/pool/{talent}")).Body.TryGetProperty("personId", out _));
    }

    [Fact]
    public async Task Staff_read_the_pool_only_the_office_records_and_members_are_refused()
    {
        var tenant = Tenants.New();
        var office = factory.ClientFor(tenant);
        var visitor = await TalentKit.PersonAsync(office, "王芳");
        var editor = factory.ClientFor(tenant, ["staff-editor"]);
        var member = factory.ClientFor(tenant, ["member"], Guid.NewGuid());
        var director = factory.ClientFor(tenant, ["director"]);
        var body = new { kind = "district", place = "沙坪坝区", visitedOn = "2026-11-20", visitorIds = new[] { visitor } };

        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/talent/pool")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/talent/pool")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/talent/recommendations")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.PostAsJsonAsync("/talent/visits", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await director.PostAsJsonAsync("/talent/visits", body)).StatusCode);
        Assert.Equal(1, (await office.GetFromJsonAsync<JsonElement>("/talent/visits")).GetProperty("total").GetInt32());
    }
}
