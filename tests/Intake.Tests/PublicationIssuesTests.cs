using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using SheqingMinyi.IntegrationEvents;
using static SheqingMinyi.Intake.Tests.PublicationKit;

namespace SheqingMinyi.Intake.Tests;

/// <summary>刊期: numbered issues of adopted items; published once, then frozen; printed as a Word document.</summary>
public sealed class PublicationIssuesTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    private Task<long> IssueRowsAsync(string tenant) =>
        TestDb.ScalarAsync<long>(factory.ConnectionString, "SELECT count(*) FROM publication_issues WHERE tenant_id = $1", tenant);

    private Task<string> IssueRowAsync(Guid id) =>
        TestDb.ScalarAsync<string>(factory.ConnectionString, "SELECT row_to_json(i)::text FROM publication_issues i WHERE id = $1", id);

    [Fact]
    public async Task An_issue_is_created_with_its_rendered_title_and_read_back_with_an_ETag()
    {
        var client = factory.ClientFor(Tenants.New());

        var created = await PostAsync(client, Issues, new { year = 2026, number = 12 });
        var body = await ReadAsync(created, HttpStatusCode.Created);
        var id = body.GetProperty("id").GetGuid();
        var read = await client.GetAsync($"{Issues}/{id}");

        Assert.Equal("《社情民意》2026年第12期", body.GetProperty("title").GetString());
        Assert.Equal("社情民意", body.GetProperty("publicationName").GetString());
        Assert.Equal("draft", body.GetProperty("status").GetString());
        Assert.NotNull(created.Headers.ETag);
        Assert.Equal(created.Headers.ETag, read.Headers.ETag);
        Assert.Equal(0, (await ReadAsync(read)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task The_same_number_twice_is_a_409_but_another_publication_or_number_is_not()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        await CreateIssueAsync(client, 2026, 3);

        var again = await (await PostAsync(client, Issues, new { publicationName = "社情民意", year = 2026, number = 3 })).ReadProblemAsync(409);
        var other = await ReadAsync(await PostAsync(client, Issues, new { publicationName = "统战信息", year = 2026, number = 3 }), HttpStatusCode.Created);
        await CreateIssueAsync(client, 2026, 4);

        Assert.Equal("issue-exists", again.GetProperty("code").GetString());
        Assert.Equal("《统战信息》2026年第3期", other.GetProperty("title").GetString());
        Assert.Equal(3, await IssueRowsAsync(tenant));
    }

    [Fact]
    public async Task A_retried_create_with_the_same_key_answers_the_first_issue()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var key = Guid.NewGuid().ToString();

        var first = await ReadAsync(await PostAsync(client, Issues, new { year = 2026, number = 7 }, key), HttpStatusCode.Created);
        var second = await ReadAsync(await PostAsync(client, Issues, new { year = 2026, number = 7 }, key), HttpStatusCode.Created);

        Assert.Equal(first.GetProperty("id").GetGuid(), second.GetProperty("id").GetGuid());
        Assert.Equal(1, await IssueRowsAsync(tenant));
    }

    [Theory]
    [InlineData("{\"year\":2026}", "number")]
    [InlineData("{\"number\":1}", "year")]
    [InlineData("{\"year\":1999,\"number\":1}", "year")]
    [InlineData("{\"year\":2026,\"number\":0}", "number")]
    [InlineData("{\"publicationName\":\" \",\"year\":2026,\"number\":1}", "publicationName")]
    [InlineData("{\"publicationName\":\"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一\",\"year\":2026,\"number\":1}", "publicationName")]
    public async Task A_bad_issue_is_a_400_naming_the_field_and_nothing_is_created(string json, string field)
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);

        var response = await client.PostAsync(Issues, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.ReadProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await IssueRowsAsync(tenant));
    }

    [Fact]
    public async Task Items_are_listed_in_order_with_titles_authors_names_and_unit()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var (zhang, li) = (Guid.NewGuid(), Guid.NewGuid());
        var first = await AdoptedAsync(factory, client, tenant, "关于加装电梯的建议", "正文一", (zhang, "张明"), (li, "李华"));
        var second = await AdoptedAsync(factory, client, tenant, "关于校园安全的建议", "正文二", (li, "李华"));
        var issue = await CreateIssueAsync(client);

        var put = await ReadAsync(await SetIssueItemsAsync(client, issue, second, first));
        var read = await client.GetFromJsonAsync<JsonElement>($"{Issues}/{issue}");

        var items = read.GetProperty("items");
        Assert.Equal([second, first], ItemIds(items));
        Assert.Equal([second, first], ItemIds(put.GetProperty("items")));
        Assert.Equal([1, 2], items.EnumerateArray().Select(i => i.GetProperty("order").GetInt32()));
        Assert.Equal("关于加装电梯的建议", items[1].GetProperty("title").GetString());
        Assert.Equal(["张明", "李华"], items[1].GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal("测试单位", items[1].GetProperty("unitName").GetString());
    }

    [Fact]
    public async Task Only_adopted_items_once_each_and_at_most_fifty_are_taken_and_a_refusal_changes_nothing()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var adopted = await AdoptedAsync(factory, client, tenant);
        var submitted = await SubmittedAsync(factory, client, tenant);
        var issue = await CreateIssueAsync(client);
        await ReadAsync(await SetIssueItemsAsync(client, issue, adopted));
        var before = await IssueRowAsync(issue);

        var notAdopted = await (await SetIssueItemsAsync(client, issue, adopted, submitted)).ReadProblemAsync(400);
        var unknown = await (await SetIssueItemsAsync(client, issue, Guid.NewGuid())).ReadProblemAsync(400);
        var repeated = await (await SetIssueItemsAsync(client, issue, adopted, adopted)).ReadProblemAsync(400);
        var tooMany = await (await SetIssueItemsAsync(client, issue, [.. Enumerable.Range(0, 51).Select(_ => Guid.NewGuid())])).ReadProblemAsync(400);
        var missing = await (await PutAsync(client, $"{Issues}/{issue}/items", new { }, await ETagAsync(client, $"{Issues}/{issue}"))).ReadProblemAsync(400);

        Assert.True(notAdopted.GetProperty("errors").TryGetProperty("submissionIds[1]", out _), notAdopted.ToString());
        Assert.False(notAdopted.GetProperty("errors").TryGetProperty("submissionIds[0]", out _));
        Assert.True(unknown.GetProperty("errors").TryGetProperty("submissionIds[0]", out _));
        Assert.True(repeated.GetProperty("errors").TryGetProperty("submissionIds[1]", out _));
        Assert.True(tooMany.GetProperty("errors").TryGetProperty("submissionIds", out _));
        Assert.True(missing.GetProperty("errors").TryGetProperty("submissionIds", out _));
        Assert.Equal(before, await IssueRowAsync(issue));
    }

    [Fact]
    public async Task Changing_items_needs_the_current_ETag()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var adopted = await AdoptedAsync(factory, client, tenant);
        var issue = await CreateIssueAsync(client);
        var stale = await ETagAsync(client, $"{Issues}/{issue}");
        await ReadAsync(await SetIssueItemsAsync(client, issue, adopted));
        var before = await IssueRowAsync(issue);

        var without = await PutAsync(client, $"{Issues}/{issue}/items", new { submissionIds = Array.Empty<Guid>() }, null);
        var old = await PutAsync(client, $"{Issues}/{issue}/items", new { submissionIds = Array.Empty<Guid>() }, stale);
        var publishOld = await PostAsync(client, $"{Issues}/{issue}/publish", null, etag: stale);

        await without.ReadProblemAsync(428);
        await old.ReadProblemAsync(412);
        await publishOld.ReadProblemAsync(412);
        Assert.Equal(before, await IssueRowAsync(issue));
    }

    [Fact]
    public async Task Publishing_raises_the_event_with_items_in_order_and_their_shares_then_freezes_the_issue()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var (zhang, li) = (Guid.NewGuid(), Guid.NewGuid());
        var first = await AdoptedAsync(factory, client, tenant, "一号稿", "正文", (zhang, "张明"), (li, "李华"));
        var second = await AdoptedAsync(factory, client, tenant, "二号稿", "正文", (li, "李华"));
        var issue = await CreateIssueAsync(client, 2026, 12);
        await ReadAsync(await SetIssueItemsAsync(client, issue, first, second));

        var published = await ReadAsync(await PublishIssueAsync(client, issue));
        var again = await (await PublishIssueAsync(client, issue)).ReadProblemAsync(409);
        var edit = await (await SetIssueItemsAsync(client, issue, second)).ReadProblemAsync(409);

        Assert.Equal("published", published.GetProperty("status").GetString());
        Assert.Equal("issue-published", again.GetProperty("code").GetString());
        Assert.Equal("issue-published", edit.GetProperty("code").GetString());
        var row = Assert.Single(await TestDb.OutboxAsync(factory.ConnectionString, "type = $1 AND payload->>'issueId' = $2",
            nameof(PublicationIssuePublished), issue.ToString()));
        var e = JsonSerializer.Deserialize<PublicationIssuePublished>(row.Payload, JsonDefaults.Options)!;
        Assert.Equal("《社情民意》2026年第12期", e.Title);
        Assert.Equal([first, second], e.Items.Select(i => i.SubmissionId));
        Assert.Equal([1, 2], e.Items.Select(i => i.Order));
        Assert.Equal([(zhang, 0.5m), (li, 0.5m)], e.Items[0].Authors.Select(a => (a.PersonId, a.Share)));
        Assert.Equal(1m, Assert.Single(e.Items[1].Authors).Share);
        Assert.Single(e.Items[0].Units);
        Assert.Equal([first, second], ItemIds((await client.GetFromJsonAsync<JsonElement>($"{Issues}/{issue}")).GetProperty("items")));
    }

    [Fact]
    public async Task An_empty_issue_is_not_published()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var issue = await CreateIssueAsync(client);

        var problem = await (await PublishIssueAsync(client, issue)).ReadProblemAsync(409);

        Assert.Equal("issue-empty", problem.GetProperty("code").GetString());
        Assert.Equal("draft", (await client.GetFromJsonAsync<JsonElement>($"{Issues}/{issue}")).GetProperty("status").GetString());
        Assert.Empty(await TestDb.OutboxAsync(factory.ConnectionString, "payload->>'issueId' = $1", issue.ToString()));
    }

    [Fact]
    public async Task The_list_is_the_tenants_newest_first_and_filters_by_year()
    {
        var client = factory.ClientFor(Tenants.New());
        var old = await CreateIssueAsync(client, 2025, 20);
        var one = await CreateIssueAsync(client, 2026, 1);
        var two = await CreateIssueAsync(client, 2026, 2);

        var all = await client.GetFromJsonAsync<JsonElement>(Issues);
        var of2026 = await client.GetFromJsonAsync<JsonElement>($"{Issues}?year=2026");
        var bad = await (await client.GetAsync($"{Issues}?year=99")).ReadProblemAsync(400);

        Assert.Equal([two, one, old], ItemIds(all.GetProperty("items"), "id"));
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        Assert.Equal([two, one], ItemIds(of2026.GetProperty("items"), "id"));
        Assert.True(bad.GetProperty("errors").TryGetProperty("year", out _));
    }

    [Theory]
    [InlineData("member")]
    [InlineData("officer")]
    public async Task Members_and_officers_neither_read_nor_change_issues(string role)
    {
        var tenant = Tenants.New();
        var office = factory.ClientFor(tenant);
        var issue = await CreateIssueAsync(office);
        var person = factory.ClientFor(tenant, [role], Guid.NewGuid());
        var etag = await ETagAsync(office, $"{Issues}/{issue}");

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(person, Issues, new { year = 2026, number = 99 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await person.GetAsync(Issues)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await person.GetAsync($"{Issues}/{issue}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await person.GetAsync($"{Issues}/{issue}/document")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(person, $"{Issues}/{issue}/items", new { submissionIds = Array.Empty<Guid>() }, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(person, $"{Issues}/{issue}/publish", null, etag: etag)).StatusCode);
        Assert.Equal(1, await IssueRowsAsync(tenant));
    }

    [Fact]
    public async Task A_leader_reads_issues_but_only_the_office_compiles_them()
    {
        var tenant = Tenants.New();
        var office = factory.ClientFor(tenant, ["staff-editor"], Guid.NewGuid());
        var leader = factory.ClientFor(tenant, ["leader"], Guid.NewGuid());
        var issue = await CreateIssueAsync(office);

        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync($"{Issues}/{issue}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(leader, Issues, new { year = 2026, number = 98 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(leader, $"{Issues}/{issue}/publish", null, etag: await ETagAsync(leader, $"{Issues}/{issue}"))).StatusCode);
    }

    [Fact]
    public async Task The_document_is_a_Word_file_with_the_title_contents_items_in_order_and_Chinese_fonts()
    {
        var tenant = Tenants.New();
        var client = factory.ClientFor(tenant);
        var (zhang, li) = (Guid.NewGuid(), Guid.NewGuid());
        var first = await AdoptedAsync(factory, client, tenant, "关于加装电梯的建议", "第一段正文。\n第二段正文。", (zhang, "张明"), (li, "李华"));
        var second = await AdoptedAsync(factory, client, tenant, "关于校园安全的建议", "校园安全正文。", (li, "李华"));
        var issue = await CreateIssueAsync(client, 2026, 12);
        await ReadAsync(await SetIssueItemsAsync(client, issue, second, first));
        await ReadAsync(await PublishIssueAsync(client, issue));

        var response = await client.GetAsync($"{Issues}/{issue}/document");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType!.MediaType);
        var notModified = new HttpRequestMessage(HttpMethod.Get, $"{Issues}/{issue}/document");
        notModified.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(notModified)).StatusCode);
        using var document = WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var paragraphs = document.MainDocumentPart!.Document.Body!.Elements<Paragraph>().Select(p => p.InnerText).Where(t => t.Length > 0).ToList();
        Assert.Equal("《社情民意》2026年第12期", paragraphs[0]);
        Assert.Matches(@"^\d{4}年\d{1,2}月\d{1,2}日$", paragraphs[1]);
        Assert.Equal("目　录", paragraphs[2]);
        Assert.Equal(["1. 关于校园安全的建议", "2. 关于加装电梯的建议"], paragraphs[3..5]);
        Assert.Equal(["关于校园安全的建议", "校园安全正文。", "（作者：李华　单位：测试单位）",
            "关于加装电梯的建议", "第一段正文。", "第二段正文。", "（作者：张明、李华　单位：测试单位）"], paragraphs[5..]);
        var fonts = document.MainDocumentPart.Document.Body.Descendants<RunFonts>().Select(f => f.EastAsia?.Value).Distinct().Order().ToList();
        Assert.Equal(["仿宋", "宋体"], fonts);
    }
}
