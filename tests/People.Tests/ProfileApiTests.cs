using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.People.Tests;

/// <summary>PUT /persons/{id}/profile: If-Match like every change, field rules with Chinese messages, tenant isolation.</summary>
public sealed class ProfileApiTests(PeopleFactory factory) : IClassFixture<PeopleFactory>
{
    private static readonly object Valid = new
    {
        gender = "女", title = "西南大学副教授", expertiseTags = new[] { "生态", "农业" }, phone = "15923456789", idNumber = "11010519491231002x",
    };

    private Task<string> RawAsync(Guid id) => TestDb.ScalarAsync<string>(factory.ConnectionString,
        "SELECT coalesce(gender, '') || '|' || coalesce(title, '') || '|' || array_to_string(expertise_tags, ',') || '|' || coalesce(phone, '') || '|' || version FROM persons WHERE id = $1", id);

    [Fact]
    public async Task A_profile_change_is_saved_and_answers_the_new_ETag_which_GET_agrees_with()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = (await PeopleApi.RegisterAsync(client, "王芳")).GetProperty("id").GetGuid();
        var before = (await client.GetAsync($"/persons/{id}")).Headers.ETag!;

        var response = await ProfileSeed.PutProfileAsync(client, id, Valid);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("159****6789", view.GetProperty("phone").GetString());
        Assert.Equal("1101**********002X", view.GetProperty("idNumber").GetString()); // upper-cased X
        Assert.Equal(["生态", "农业"], view.GetProperty("expertiseTags").Strings());
        Assert.NotEqual(before, response.Headers.ETag);
        Assert.Equal(response.Headers.ETag, (await client.GetAsync($"/persons/{id}")).Headers.ETag);
        var full = await ProfileSeed.ReadAsync(client, $"/persons/{id}/personal-data");
        Assert.Equal("11010519491231002X", full.GetProperty("idNumber").GetString());
        Assert.Equal(1, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM audit_entries WHERE action = 'profile-changed' AND resource = $1 AND outcome LIKE 'fields:%Phone%' AND outcome NOT LIKE '%159%'", $"person/{id}"));
    }

    [Fact]
    public async Task Without_If_Match_it_is_428_and_with_a_stale_one_412_and_nothing_changes()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = (await PeopleApi.RegisterAsync(client, "刘飞龙")).GetProperty("id").GetGuid();
        var stale = (await client.GetAsync($"/persons/{id}")).Headers.ETag!;
        Assert.Equal(HttpStatusCode.OK, (await ProfileSeed.PutProfileAsync(client, id, new { title = "初版" })).StatusCode);
        var raw = await RawAsync(id);

        var missing = await client.PutAsJsonAsync($"/persons/{id}/profile", Valid);
        var request = new HttpRequestMessage(HttpMethod.Put, $"/persons/{id}/profile") { Content = JsonContent.Create(Valid) };
        request.Headers.IfMatch.Add(stale);
        var outdated = await client.SendAsync(request);

        Assert.Equal("precondition-required", (await missing.ReadProblemAsync(428)).GetProperty("code").GetString());
        Assert.Equal("precondition-failed", (await outdated.ReadProblemAsync(412)).GetProperty("code").GetString());
        Assert.Equal(raw, await RawAsync(id));
        Assert.StartsWith("|初版||", raw); // gender | title | tags | …: the first change only
    }

    [Fact]
    public async Task The_same_profile_again_changes_no_version()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = (await PeopleApi.RegisterAsync(client, "陈静")).GetProperty("id").GetGuid();
        var first = await ProfileSeed.PutProfileAsync(client, id, Valid);
        var second = await ProfileSeed.PutProfileAsync(client, id, Valid);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.EndsWith("|2", await RawAsync(id));
    }

    public static TheoryData<string, object> BadProfiles => new()
    {
        { "phone", new { phone = "12812341234" } },          // second digit 2
        { "phone", new { phone = "1381234123" } },           // 10 digits
        { "phone", new { phone = "138****1234" } },          // a masked value sent back
        { "idNumber", new { idNumber = "110105194912310021" } }, // check digit should be X
        { "idNumber", new { idNumber = "500103199002301234" } }, // 30 February
        { "idNumber", new { idNumber = "50010319900101123" } },  // 17 characters
        { "expertiseTags", new { expertiseTags = Enumerable.Range(1, 21).Select(i => $"标签{i}").ToArray() } },
        { "expertiseTags", new { expertiseTags = new[] { new string('长', 21) } } },
        { "gender", new { gender = "未知" } },
        { "title", new { title = new string('职', 101) } },
    };

    [Theory]
    [MemberData(nameof(BadProfiles))]
    public async Task A_bad_field_is_a_400_naming_it_in_Chinese_and_nothing_changes(string field, object profile)
    {
        var client = factory.ClientFor(Tenants.New());
        var id = (await PeopleApi.RegisterAsync(client, "赵强")).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await ProfileSeed.PutProfileAsync(client, id, new { phone = "13800000000", title = "原职务" })).StatusCode);
        var raw = await RawAsync(id);

        var problem = await (await ProfileSeed.PutProfileAsync(client, id, profile)).ReadProblemAsync(400);

        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        var errors = problem.GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(e => e.Name));
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", errors.GetProperty(field)[0].GetString()!);
        Assert.Equal(raw, await RawAsync(id));
    }

    [Fact]
    public async Task Every_bad_field_is_reported_at_once()
    {
        var client = factory.ClientFor(Tenants.New());
        var id = (await PeopleApi.RegisterAsync(client, "孙丽")).GetProperty("id").GetGuid();

        var problem = await (await ProfileSeed.PutProfileAsync(client, id, new { gender = "M", phone = "abc", idNumber = "x" })).ReadProblemAsync(400);

        Assert.Equal(["gender", "idNumber", "phone"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
    }

    [Fact]
    public async Task Another_tenants_person_is_404_for_profile_and_personal_data_and_leaves_no_audit()
    {
        var tenantA = Tenants.New();
        var tenantB = Tenants.New();
        var a = factory.ClientFor(tenantA);
        var b = factory.ClientFor(tenantB);
        var ofA = (await PeopleApi.RegisterAsync(a, "甲方委员")).GetProperty("id").GetGuid();
        var etag = (await a.GetAsync($"/persons/{ofA}")).Headers.ETag!;
        Assert.Equal(HttpStatusCode.OK, (await ProfileSeed.PutProfileAsync(a, ofA, new { phone = "13700001111" })).StatusCode);
        etag = (await a.GetAsync($"/persons/{ofA}")).Headers.ETag!;
        var raw = await RawAsync(ofA);

        var read = await b.GetAsync($"/persons/{ofA}/personal-data");
        var put = new HttpRequestMessage(HttpMethod.Put, $"/persons/{ofA}/profile") { Content = JsonContent.Create(new { phone = "13900002222" }) };
        put.Headers.IfMatch.Add(etag);
        var write = await b.SendAsync(put);

        Assert.Equal("not-found", (await read.ReadProblemAsync(404)).GetProperty("code").GetString());
        Assert.Equal("not-found", (await write.ReadProblemAsync(404)).GetProperty("code").GetString());
        Assert.Equal(raw, await RawAsync(ofA));
        Assert.Equal(0, await TestDb.ScalarAsync<long>(factory.ConnectionString,
            "SELECT count(*) FROM audit_entries WHERE action IN ('personal-data-read', 'profile-changed') AND (tenant_id = $1 OR resource = $2 AND tenant_id <> $3)",
            tenantB, $"person/{ofA}", tenantA));
        Assert.Equal(0, (await ProfileSeed.ReadAsync(b, "/admin/audit?action=personal-data-read")).GetProperty("total").GetInt32());
    }
}
