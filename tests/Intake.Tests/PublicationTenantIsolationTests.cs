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
}
