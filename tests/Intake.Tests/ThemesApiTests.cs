using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Intake.Tests;

/// <summary>
/// The tenant's theme tags (/themes): the office adds and retires them, everyone reading intake lists them, and items
/// take only active tags of their own tenant. Every refusal changes nothing.
/// </summary>
public sealed class ThemesApiTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private const string Path = "/themes";

    private Task<long> TagRowsAsync(string tenant) =>
        TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM theme_tags WHERE tenant_id = $1", tenant);

    private Task<string> RowAsync(Guid id) =>
        TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT row_to_json(s)::text FROM submissions s WHERE id = $1", id);

    private static async Task<(JsonElement Tag, string ETag)> CreateAsync(HttpClient client, string name)
    {
        var response = await client.PostAsJsonAsync(Path, new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(), response.Headers.ETag!.ToString());
    }

    private static async Task<HttpResponseMessage> RetireAsync(HttpClient client, Guid id, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, $"{Path}/{id}");
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await client.SendAsync(request);
    }

    private static async Task<string[]> NamesAsync(HttpClient client, string query = "") =>
        [.. (await client.GetFromJsonAsync<JsonElement>(Path + query)).GetProperty("items").EnumerateArray().Select(t => t.GetProperty("name").GetString()!)];

    private static object Draft(string[] themes, Guid? author = null) =>
        new { title = "关于社区养老的建议", body = "正文", authorPersonId = author ?? Guid.NewGuid(), unitId = Guid.NewGuid(), themes };

    /// <summary>A draft by a client that lists nothing itself: its author and unit announced here, its themes as the tenant has them.</summary>
    private async Task<HttpResponseMessage> PostUnannouncedAsync(string tenant, object draft)
    {
        var json = JsonSerializer.SerializeToElement(draft, JsonDefaults.Options);
        await factory.AnnounceAsync(tenant, json.GetProperty("authorPersonId").GetGuid(), json.GetProperty("unitId").GetGuid());
        return await factory.UnannouncedClientFor(tenant).PostAsJsonAsync(Drafts.Path, draft);
    }

    [Fact]
    public async Task The_office_adds_a_tag_that_every_reader_lists_and_reads()
    {
        var tenant = Tenants.New();
        var (created, etag) = await CreateAsync(factory.ClientFor(tenant, ["staff-editor"]), " 养老服务 ");
        var id = created.GetProperty("id").GetGuid();
        await CreateAsync(factory.ClientFor(tenant, ["director"]), "基层治理");
        await CreateAsync(factory.ClientFor(tenant, ["tenant-admin"]), "经济发展");

        Assert.Equal("养老服务", created.GetProperty("name").GetString());
        Assert.True(created.GetProperty("active").GetBoolean());
        var member = factory.ClientFor(tenant, ["member"], Guid.NewGuid());
        Assert.Equal(new[] { "养老服务", "基层治理", "经济发展" }.Order(StringComparer.Ordinal), (await NamesAsync(member)).Order(StringComparer.Ordinal));
        Assert.Equal(3, (await member.GetFromJsonAsync<JsonElement>(Path)).GetProperty("total").GetInt32());
        var read = await member.GetAsync($"{Path}/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(etag, read.Headers.ETag!.ToString());
        var partner = factory.ClientWithToken(TestTokens.Create(tenant, ["partner"], scopes: ["intake.read"], clientId: "oa"));
        Assert.Equal(3, (await NamesAsync(partner)).Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("一二三四五六七八九十一二三四五六七八九十一")]
    public async Task A_bad_name_is_a_400_and_nothing_is_added(string name)
    {
        var tenant = Tenants.New();

        var problem = await (await factory.ClientFor(tenant).PostAsJsonAsync(Path, new { name })).ReadProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
        Assert.Equal(0, await TagRowsAsync(tenant));
    }

    [Fact]
    public async Task An_active_name_is_not_added_twice_but_a_retired_one_may_return()
    {
        var tenant = Tenants.New();
        var office = factory.ClientFor(tenant);
        var (first, etag) = await CreateAsync(office, "生态环境");

        var twice = await (await office.PostAsJsonAsync(Path, new { name = "生态环境" })).ReadProblemAsync(409);
        Assert.Equal("theme-exists", twice.GetProperty("code").GetString());
        Assert.Equal(1, await TagRowsAsync(tenant));

        Assert.Equal(HttpStatusCode.OK, (await RetireAsync(office, first.GetProperty("id").GetGuid(), etag)).StatusCode);
        var (again, _) = await CreateAsync(office, "生态环境");
        Assert.NotEqual(first.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());
        Assert.Equal(["生态环境"], await NamesAsync(office));
        Assert.Equal(2, await TagRowsAsync(tenant));
    }

    [Theory]
    [InlineData("member")]
    [InlineData("officer")]
    [InlineData("leader")]
    [InlineData("chair")]
    public async Task Others_than_the_office_neither_add_nor_retire_tags(string role)
    {
        var tenant = Tenants.New();
        var (tag, etag) = await CreateAsync(factory.ClientFor(tenant), "教育文化");
        var client = factory.ClientFor(tenant, [role], Guid.NewGuid());

        await (await client.PostAsJsonAsync(Path, new { name = "医疗卫生" })).ReadProblemAsync(403);
        await (await RetireAsync(client, tag.GetProperty("id").GetGuid(), etag)).ReadProblemAsync(403);

        Assert.Equal(["教育文化"], await NamesAsync(client));
        Assert.Equal(1, await TagRowsAsync(tenant));
    }

    [Fact]
    public async Task A_partner_system_cannot_add_tags()
    {
        var tenant = Tenants.New();
        var partner = factory.ClientWithToken(TestTokens.Create(tenant, ["partner"], scopes: ["intake.submit", "intake.read"], clientId: "oa"));

        await (await partner.PostAsJsonAsync(Path, new { name = "医疗卫生" })).ReadProblemAsync(403);

        Assert.Equal(0, await TagRowsAsync(tenant));
    }

    [Fact]
    public async Task A_retired_tag_stays_on_its_items_but_no_new_item_takes_it()
    {
        var tenant = Tenants.New();
        var office = factory.ClientFor(tenant);
        var (tag, etag) = await CreateAsync(office, "社会民生");
        var (kept, _) = await CreateAsync(office, "养老服务");
        var created = await PostUnannouncedAsync(tenant, Draft(["社会民生", "养老服务"]));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var itemId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var retired = await RetireAsync(office, tag.GetProperty("id").GetGuid(), etag);

        Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
        var view = await retired.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(view.GetProperty("active").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, view.GetProperty("retiredAt").ValueKind);
        Assert.NotEqual(etag, retired.Headers.ETag!.ToString());
        Assert.Equal(["养老服务"], await NamesAsync(office));
        Assert.Equal(["养老服务", "社会民生"], await NamesAsync(office, "?includeRetired=true"));
        Assert.Equal(["社会民生", "养老服务"], (await Drafts.GetAsync(office, itemId)).GetProperty("themes").Strings());

        var unannounced = factory.UnannouncedClientFor(tenant);
        var refused = await (await PostUnannouncedAsync(tenant, Draft(["养老服务", "社会民生"]))).ReadProblemAsync(400);
        Assert.True(refused.GetProperty("errors").TryGetProperty("themes[1]", out _));
        Assert.False(refused.GetProperty("errors").TryGetProperty("themes[0]", out _));
        // The item itself may be edited with the tags it already has.
        var edit = await Drafts.PutAsync(unannounced, itemId, new { title = "改过", body = "改过的正文", themes = new[] { "社会民生" } });
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Equal(["社会民生"], (await Drafts.GetAsync(office, itemId)).GetProperty("themes").Strings());
        Assert.Equal(kept.GetProperty("id").GetGuid(), (await office.GetFromJsonAsync<JsonElement>(Path)).GetProperty("items")[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Retiring_needs_the_current_ETag_and_happens_once()
    {
        var tenant = Tenants.New();
        var office = factory.ClientFor(tenant);
        var (tag, etag) = await CreateAsync(office, "医疗卫生");
        var id = tag.GetProperty("id").GetGuid();

        await (await RetireAsync(office, id, null)).ReadProblemAsync(428);
        await (await RetireAsync(office, id, "\"1\"")).ReadProblemAsync(412);
        Assert.Equal(["医疗卫生"], await NamesAsync(office));
        var done = await RetireAsync(office, id, etag);
        var twice = await RetireAsync(office, id, done.Headers.ETag!.ToString());

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal("theme-retired", (await twice.ReadProblemAsync(409)).GetProperty("code").GetString());
        await (await RetireAsync(office, Guid.NewGuid(), etag)).ReadProblemAsync(404);
    }

    [Fact]
    public async Task Unannounced_themes_are_refused_on_create_and_on_edit_and_nothing_changes()
    {
        var tenant = Tenants.New();
        var office = factory.ClientFor(tenant);
        await CreateAsync(office, "经济发展");
        var before = await IntakeDb.CountsAsync(factory.ConnectionString);

        var create = await (await PostUnannouncedAsync(tenant, Draft(["经济发展", "未登记的主题"]))).ReadProblemAsync(400);

        Assert.Contains("未登记的主题", create.GetProperty("errors").GetProperty("themes[1]")[0].GetString());
        Assert.False(create.GetProperty("errors").TryGetProperty("themes[0]", out _));
        Assert.Equal(before, await IntakeDb.CountsAsync(factory.ConnectionString));

        var created = await PostUnannouncedAsync(tenant, Draft(["经济发展"]));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var row = await RowAsync(id);
        var edit = await Drafts.PutAsync(factory.UnannouncedClientFor(tenant), id, new { title = "改过", body = "改过", themes = new[] { "又一个未登记的" } });
        Assert.True((await edit.ReadProblemAsync(400)).GetProperty("errors").TryGetProperty("themes[0]", out _));
        Assert.Equal(row, await RowAsync(id));
    }

    [Fact]
    public async Task Another_tenants_tags_are_invisible_and_cannot_be_retired_or_used()
    {
        var (a, b) = (Tenants.New(), Tenants.New());
        var (tag, etag) = await CreateAsync(factory.ClientFor(a), "基层治理");
        var id = tag.GetProperty("id").GetGuid();
        var clientOfB = factory.ClientFor(b);

        await (await clientOfB.GetAsync($"{Path}/{id}")).ReadProblemAsync(404);
        await (await RetireAsync(clientOfB, id, etag)).ReadProblemAsync(404);
        Assert.Empty(await NamesAsync(clientOfB, "?includeRetired=true"));
        var used = await (await PostUnannouncedAsync(b, Draft(["基层治理"]))).ReadProblemAsync(400);

        Assert.True(used.GetProperty("errors").TryGetProperty("themes[0]", out _));
        Assert.Equal(["基层治理"], await NamesAsync(factory.ClientFor(a)));
        Assert.Equal(0, await TagRowsAsync(b));
    }
}
