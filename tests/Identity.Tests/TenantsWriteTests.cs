using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>Registering tenants: the platform operator only; ids are tenant ids, names required, kinds and parents must exist.</summary>
public sealed class TenantsWriteTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private static string NewId() => $"t-{Guid.NewGuid():N}"[..14];

    [Fact]
    public async Task The_operator_registers_a_tenant_and_reads_it_back()
    {
        var client = await Tokens.SignedInClientAsync(factory, "operator");
        var id = NewId();

        var response = await client.PostAsJsonAsync("/tenants", new { id, name = "  九龙坡区政协 ", kind = "cppcc", parentId = "cq-zx" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/tenants/{id}", response.Headers.Location?.OriginalString);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((id, "九龙坡区政协", "cppcc", "cq-zx"), TenantsApi.Row(created));
        var read = await client.GetFromJsonAsync<JsonElement>($"/tenants/{id}");
        Assert.Equal((id, "九龙坡区政协", "cppcc", "cq-zx"), TenantsApi.Row(read));
        Assert.Contains(id, TenantsApi.Ids(await TenantsApi.ListAsync(client)));
    }

    [Fact]
    public async Task A_new_child_is_visible_to_its_parent_body_and_hidden_from_others()
    {
        var client = await Tokens.SignedInClientAsync(factory, "operator");
        var id = NewId();
        Assert.Equal(HttpStatusCode.Created,
            (await client.PostAsJsonAsync("/tenants", new { id, name = "民建沙坪坝区委", kind = "democratic-party", parentId = "mj-cq" })).StatusCode);

        var mjAdmin = await Tokens.SignedInClientAsync(factory, "mj-admin");
        var spbAdmin = await Tokens.SignedInClientAsync(factory, "spb-admin");

        Assert.Contains(id, TenantsApi.Ids(await TenantsApi.ListAsync(mjAdmin)));
        Assert.Equal(HttpStatusCode.OK, (await mjAdmin.GetAsync($"/tenants/{id}")).StatusCode);
        Assert.DoesNotContain(id, TenantsApi.Ids(await TenantsApi.ListAsync(spbAdmin)));
        Assert.Equal(HttpStatusCode.NotFound, (await spbAdmin.GetAsync($"/tenants/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("spb-admin")]
    [InlineData("zhangming")]
    [InlineData("wangfang")]
    public async Task Anyone_but_the_operator_is_forbidden_to_register_tenants(string user)
    {
        var client = await Tokens.SignedInClientAsync(factory, user);
        var id = NewId();

        var response = await client.PostAsJsonAsync("/tenants", new { id, name = "某区政协", kind = "cppcc", parentId = "spb-zx" });

        Assert.Equal("forbidden", (await response.ReadProblemAsync(403)).GetProperty("code").GetString());
        var op = await Tokens.SignedInClientAsync(factory, "operator");
        Assert.Equal(HttpStatusCode.NotFound, (await op.GetAsync($"/tenants/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_partner_client_is_forbidden_to_register_tenants()
    {
        var client = factory.CreateClient().WithBearer(await Tokens.PartnerAccessTokenAsync(factory.CreateClient()));

        var response = await client.PostAsJsonAsync("/tenants", new { id = NewId(), name = "某区政协", kind = "cppcc" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_duplicate_id_is_409_and_leaves_the_existing_tenant_unchanged()
    {
        var client = await Tokens.SignedInClientAsync(factory, "operator");

        var response = await client.PostAsJsonAsync("/tenants", new { id = "spb-zx", name = "另一个政协", kind = "democratic-party", parentId = "mj-cq" });

        Assert.Equal("duplicate-tenant", (await response.ReadProblemAsync(409)).GetProperty("code").GetString());
        var existing = await client.GetFromJsonAsync<JsonElement>("/tenants/spb-zx");
        Assert.Equal(("spb-zx", "沙坪坝区政协", "cppcc", "cq-zx"), TenantsApi.Row(existing));
    }

    public static TheoryData<string, string> InvalidRequests => new()
    {
        { """{"id":"Bad_ID","name":"某政协","kind":"cppcc"}""", "id" },
        { """{"id":"-leading","name":"某政协","kind":"cppcc"}""", "id" },
        { $$"""{"id":"{{new string('a', 65)}}","name":"某政协","kind":"cppcc"}""", "id" },
        { """{"name":"某政协","kind":"cppcc"}""", "id" },
        { """{"id":"ok-zx","kind":"cppcc"}""", "name" },
        { """{"id":"ok-zx","name":"   ","kind":"cppcc"}""", "name" },
        { $$"""{"id":"ok-zx","name":"{{new string('政', 101)}}","kind":"cppcc"}""", "name" },
        { """{"id":"ok-zx","name":"某政协"}""", "kind" },
        { """{"id":"ok-zx","name":"某政协","kind":"cppcc","parentId":"no-such-zx"}""", "parentId" },
        { """{"id":"ok-zx","name":"某政协","kind":"cppcc","parentId":"ok-zx"}""", "parentId" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task Invalid_requests_are_400_validation_problems_naming_the_field(string json, string field)
    {
        var client = await Tokens.SignedInClientAsync(factory, "operator");

        var response = await client.PostAsync("/tenants", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.ReadProblemAsync(400);
        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors name {field}: {problem}");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/tenants/ok-zx")).StatusCode);
    }

    [Theory]
    [InlineData("""{"id":"ok-zx","name":"某政协","kind":"committee"}""")]
    [InlineData("""{"id":"ok-zx","name":"某政协","kind":"Cppcc"}""")]
    [InlineData("""{"id":"ok-zx","name":"某政协","kind":0}""")]
    [InlineData("""{"id":"ok-zx","name":"某政协","kind":"cppcc,democratic-party"}""")]
    [InlineData("""not json""")]
    public async Task An_unknown_kind_or_malformed_body_is_a_400_problem(string json)
    {
        var client = await Tokens.SignedInClientAsync(factory, "operator");

        var response = await client.PostAsync("/tenants", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await response.ReadProblemAsync(400);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/tenants/ok-zx")).StatusCode);
    }

    /// <summary>The duplicate check and the insert are not atomic: the loser of a race must get 409, not 500.</summary>
    [Fact]
    public async Task Concurrent_registrations_of_one_id_make_one_tenant_and_conflicts()
    {
        var client = await Tokens.SignedInClientAsync(factory, "operator");
        for (var round = 0; round < 5; round++)
        {
            var id = NewId();
            var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
                client.PostAsJsonAsync("/tenants", new { id, name = "巴南区政协", kind = "cppcc", parentId = "cq-zx" })));

            var statuses = responses.Select(r => (int)r.StatusCode).ToList();
            Assert.True(statuses.Count(s => s == 201) == 1 && statuses.All(s => s is 201 or 409),
                $"round {round} statuses: {string.Join(",", statuses)}");
        }
    }
}
