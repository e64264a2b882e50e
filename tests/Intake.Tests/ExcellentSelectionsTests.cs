using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using SheqingMinyi.IntegrationEvents;
using static SheqingMinyi.Intake.Tests.PublicationKit;

namespace SheqingMinyi.Intake.Tests;

/// <summary>优秀选编: one per tenant, year and half; adopted items only; published once with each item's shares.</summary>
public sealed class ExcellentSelectionsTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private Task<long> RowsAsync(string tenant) =>
        TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM excellent_selections WHERE tenant_id = $1", tenant);

    private Task<string> RowAsync(Guid id) =>
        TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT row_to_json(s)::text FROM excellent_selections s WHERE id = $1", id);

    private static async Task<Guid> CreateAsync(HttpClient client, int year = 2026, int half = 1, string? title = null) =>
        (await ReadAsync(await PostAsync(client, Selections, new { year, half, title }), HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private static async Task<HttpResponseMessage> SetItemsAsync(HttpClient client, Guid id, params Guid[] ids) =>
        await PutAsync(client, $"{Selections}/{id}/items", new { submissionIds = ids }, await ETagAsync(client, $"{Selections}/{id}"));

    private static async Task<HttpResponseMessage> PublishAsync(HttpClient client, Guid id) =>
        await PostAsync(client, $"{Selections}/{id}/publish", null, etag: await ETagAsync(client, $"{Selections}/{id}"));

    [Fact]
    public async Task A_selection_takes_its_default_title_and_is_unique_per_year_and_half()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);

        var first = await ReadAsync(await PostAsync(client, Selections, new { year = 2026, half = 1 }), HttpStatusCode.Created);
        var second = await ReadAsync(await PostAsync(client, Selections, new { year = 2026, half = 2, title = "下半年精选" }), HttpStatusCode.Created);
        var again = await (await PostAsync(client, Selections, new { year = 2026, half = 1, title = "另一个" })).ReadProblemAsync(409);

        Assert.Equal("2026年上半年优秀社情民意信息选编", first.GetProperty("title").GetString());
        Assert.Equal("下半年精选", second.GetProperty("title").GetString());
        Assert.Equal("draft", first.GetProperty("status").GetString());
        Assert.Equal("selection-exists", again.GetProperty("code").GetString());
        Assert.Equal(2, await RowsAsync(tenant));
        var list = await client.GetFromJsonAsync<JsonElement>(Selections);
        Assert.Equal([second.GetProperty("id").GetGuid(), first.GetProperty("id").GetGuid()], ItemIds(list.GetProperty("items"), "id"));
    }

    [Theory]
    [InlineData("{\"half\":1}", "year")]
    [InlineData("{\"year\":2026}", "half")]
    [InlineData("{\"year\":2026,\"half\":3}", "half")]
    [InlineData("{\"year\":2026,\"half\":1,\"title\":\"  \"}", "title")]
    public async Task A_bad_selection_is_a_400_naming_the_field(string json, string field)
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);

        var problem = await (await client.PostAsync(Selections, new StringContent(json, System.Text.Encoding.UTF8, "application/json"))).ReadProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await RowsAsync(tenant));
    }

    [Fact]
    public async Task Only_adopted_items_are_taken_with_the_current_ETag()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var adopted = await AdoptedAsync(factory, client, tenant);
        var submitted = await SubmittedAsync(factory, client, tenant);
        var id = await CreateAsync(client);
        var stale = await ETagAsync(client, $"{Selections}/{id}");
        await ReadAsync(await SetItemsAsync(client, id, adopted));
        var before = await RowAsync(id);

        var notAdopted = await (await SetItemsAsync(client, id, submitted)).ReadProblemAsync(400);
        var old = await PutAsync(client, $"{Selections}/{id}/items", new { submissionIds = Array.Empty<Guid>() }, stale);
        var without = await PutAsync(client, $"{Selections}/{id}/items", new { submissionIds = Array.Empty<Guid>() }, null);

        Assert.True(notAdopted.GetProperty("errors").TryGetProperty("submissionIds[0]", out _));
        await old.ReadProblemAsync(412);
        await without.ReadProblemAsync(428);
        Assert.Equal(before, await RowAsync(id));
        Assert.Equal([adopted], ItemIds((await client.GetFromJsonAsync<JsonElement>($"{Selections}/{id}")).GetProperty("items")));
    }

    [Fact]
    public async Task Publishing_raises_the_event_with_each_items_shares_once_and_freezes_the_selection()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var (zhang, li) = (Guid.NewGuid(), Guid.NewGuid());
        var first = await AdoptedAsync(factory, client, tenant, "一号稿", "正文", (zhang, "张明"), (li, "李华"));
        var second = await AdoptedAsync(factory, client, tenant, "二号稿", "正文", (li, "李华"));
        var id = await CreateAsync(client, 2026, 2);
        var empty = await (await PublishAsync(client, id)).ReadProblemAsync(409);
        await ReadAsync(await SetItemsAsync(client, id, first, second));

        var published = await ReadAsync(await PublishAsync(client, id));
        var again = await (await PublishAsync(client, id)).ReadProblemAsync(409);
        var edit = await (await SetItemsAsync(client, id, second)).ReadProblemAsync(409);

        Assert.Equal("selection-empty", empty.GetProperty("code").GetString());
        Assert.Equal("published", published.GetProperty("status").GetString());
        Assert.Equal("selection-published", again.GetProperty("code").GetString());
        Assert.Equal("selection-published", edit.GetProperty("code").GetString());
        var row = Assert.Single(await TestDb.OutboxAsync(factory.ConnectionString, "type = $1 AND payload->>'selectionId' = $2",
            nameof(ExcellentSelectionPublished), id.ToString()));
        var e = JsonSerializer.Deserialize<ExcellentSelectionPublished>(row.Payload, JsonDefaults.Options)!;
        Assert.Equal((2026, 2), (e.Year, e.Half));
        Assert.Equal([first, second], e.Items.Select(i => i.SubmissionId));
        Assert.Equal([(zhang, 0.5m), (li, 0.5m)], e.Items[0].Authors.Select(a => (a.PersonId, a.Share)));
        Assert.Equal(li, Assert.Single(e.Items[1].Authors).PersonId);
    }

    [Theory]
    [InlineData("member")]
    [InlineData("officer")]
    public async Task Members_and_officers_neither_read_nor_change_selections(string role)
    {
        var tenant = Tenants.New();
        var office = factory.ClientFor(tenant);
        var id = await CreateAsync(office);
        var person = factory.ClientFor(tenant, [role], Guid.NewGuid());
        var etag = await ETagAsync(office, $"{Selections}/{id}");

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(person, Selections, new { year = 2027, half = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await person.GetAsync(Selections)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await person.GetAsync($"{Selections}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(person, $"{Selections}/{id}/items", new { submissionIds = Array.Empty<Guid>() }, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(person, $"{Selections}/{id}/publish", null, etag: etag)).StatusCode);
        Assert.Equal(1, await RowsAsync(tenant));
    }
}
