using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static SheqingMinyi.Intake.Tests.PublicationKit;

namespace SheqingMinyi.Intake.Tests;

/// <summary>Another tenant's issues, golden ideas and selections are 404 on every route, and its items cannot be taken.</summary>
public sealed class PublicationTenantIsolationTests(IntakeFactory factory) : IClassFixture<IntakeFactory>
{
    [Fact]
    public async Task Another_tenants_issue_is_not_found_on_any_route_and_stays_as_it_was()
    {
        var (tenantA, tenantB) = (Tenants.New(), Tenants.New());
        var a = factory.ClientFor(tenantA);
        var b = factory.ClientFor(tenantB);
        var itemOfB = await AdoptedAsync(factory, b, tenantB);
        var issueOfB = await CreateIssueAsync(b);
        await ReadAsync(await SetIssueItemsAsync(b, issueOfB, itemOfB));
        var etag = await ETagAsync(b, $"{Issues}/{issueOfB}");

        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"{Issues}/{issueOfB}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"{Issues}/{issueOfB}/document")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PutAsync(a, $"{Issues}/{issueOfB}/items", new { submissionIds = Array.Empty<Guid>() }, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(a, $"{Issues}/{issueOfB}/publish", null, etag: etag)).StatusCode);
        Assert.Equal(0, (await a.GetFromJsonAsync<JsonElement>(Issues)).GetProperty("total").GetInt32());
        var read = await b.GetFromJsonAsync<JsonElement>($"{Issues}/{issueOfB}");
        Assert.Equal("draft", read.GetProperty("status").GetString());
        Assert.Equal([itemOfB], ItemIds(read.GetProperty("items")));
    }

    [Fact]
    public async Task Another_tenants_adopted_item_cannot_go_into_an_issue()
    {
        var (tenantA, tenantB) = (Tenants.New(), Tenants.New());
        var a = factory.ClientFor(tenantA);
        var itemOfB = await AdoptedAsync(factory, factory.ClientFor(tenantB), tenantB);
        var issueOfA = await CreateIssueAsync(a);

        var problem = await (await SetIssueItemsAsync(a, issueOfA, itemOfB)).ReadProblemAsync(400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("submissionIds[0]", out _));
        Assert.Equal(0, (await a.GetFromJsonAsync<JsonElement>($"{Issues}/{issueOfA}")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Another_tenants_golden_idea_is_not_found_and_its_items_cannot_be_flagged()
    {
        var (tenantA, tenantB) = (Tenants.New(), Tenants.New());
        var a = factory.ClientFor(tenantA);
        var b = factory.ClientFor(tenantB);
        var itemOfB = await SubmittedAsync(factory, b, tenantB);
        var ideaOfB = (await ReadAsync(await PostAsync(b, GoldenIdeas, new { submissionId = itemOfB, meeting = "weekly", meetingOn = "2026-12-07" }),
            HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var etag = await ETagAsync(b, $"{GoldenIdeas}/{ideaOfB}");

        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"{GoldenIdeas}/{ideaOfB}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PutAsync(a, $"{GoldenIdeas}/{ideaOfB}/follow-up", new { status = "closed" }, etag)).StatusCode);
        var flag = await (await PostAsync(a, GoldenIdeas, new { submissionId = itemOfB, meeting = "weekly", meetingOn = "2026-12-07" })).ReadProblemAsync(400);
        Assert.True(flag.GetProperty("errors").TryGetProperty("submissionId", out _));
        Assert.Equal(0, (await a.GetFromJsonAsync<JsonElement>(GoldenIdeas)).GetProperty("total").GetInt32());
        Assert.Equal("proposed", (await b.GetFromJsonAsync<JsonElement>($"{GoldenIdeas}/{ideaOfB}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Another_tenants_selection_is_not_found_on_any_route_and_its_items_cannot_be_taken()
    {
        var (tenantA, tenantB) = (Tenants.New(), Tenants.New());
        var a = factory.ClientFor(tenantA);
        var b = factory.ClientFor(tenantB);
        var itemOfB = await AdoptedAsync(factory, b, tenantB);
        var ofB = (await ReadAsync(await PostAsync(b, Selections, new { year = 2026, half = 1 }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var ofA = (await ReadAsync(await PostAsync(a, Selections, new { year = 2026, half = 1 }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var etag = await ETagAsync(b, $"{Selections}/{ofB}");

        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"{Selections}/{ofB}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PutAsync(a, $"{Selections}/{ofB}/items", new { submissionIds = Array.Empty<Guid>() }, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(a, $"{Selections}/{ofB}/publish", null, etag: etag)).StatusCode);
        var take = await (await PutAsync(a, $"{Selections}/{ofA}/items", new { submissionIds = new[] { itemOfB } }, await ETagAsync(a, $"{Selections}/{ofA}"))).ReadProblemAsync(400);
        Assert.True(take.GetProperty("errors").TryGetProperty("submissionIds[0]", out _));
        Assert.Equal([ofA], ItemIds((await a.GetFromJsonAsync<JsonElement>(Selections)).GetProperty("items"), "id"));
        Assert.Equal("draft", (await b.GetFromJsonAsync<JsonElement>($"{Selections}/{ofB}")).GetProperty("status").GetString());
    }
}
