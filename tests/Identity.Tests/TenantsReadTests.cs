using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>Reading the tenant registry with bearer tokens from the token endpoint: the operator sees all, a body itself and its children.</summary>
public sealed class TenantsReadTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    [Fact]
    public async Task Without_a_token_the_tenants_API_answers_401_problem()
    {
        var client = factory.CreateClient();

        var list = await client.GetAsync("/tenants");
        var one = await client.GetAsync("/tenants/cq-zx");
        var create = await client.PostAsJsonAsync("/tenants", new { id = "x-zx", name = "某政协", kind = "cppcc" });

        Assert.Equal("unauthenticated", (await list.ReadProblemAsync(401)).GetProperty("code").GetString());
        Assert.Contains("Bearer", list.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, one.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
    }

    [Fact]
    public async Task The_operator_lists_all_three_demo_tenants_with_names_kinds_and_parents()
    {
        var client = await Tokens.SignedInClientAsync(factory, "operator");

        var tenants = await TenantsApi.ListAsync(client);

        Assert.Equal(
            [("cq-zx", "重庆市政协", "cppcc", null), ("mj-cq", "民建重庆市委", "democratic-party", "cq-zx"), ("spb-zx", "沙坪坝区政协", "cppcc", "cq-zx")],
            tenants.EnumerateArray().Select(TenantsApi.Row).ToArray());
    }

    [Fact]
    public async Task A_member_of_a_body_without_children_lists_only_its_own_tenant()
    {
        var zhangming = await TenantsApi.ListAsync(await Tokens.SignedInClientAsync(factory, "zhangming"));
        var mjAdmin = await TenantsApi.ListAsync(await Tokens.SignedInClientAsync(factory, "mj-admin"));

        Assert.Equal([("spb-zx", "沙坪坝区政协", "cppcc", "cq-zx")], zhangming.EnumerateArray().Select(TenantsApi.Row).ToArray());
        Assert.Equal(["mj-cq"], TenantsApi.Ids(mjAdmin));
    }

    [Fact]
    public async Task A_partner_token_sees_the_partners_tenant()
    {
        var client = factory.CreateClient().WithBearer(await Tokens.PartnerAccessTokenAsync(factory.CreateClient(), "intake.read"));

        Assert.Equal(["spb-zx"], TenantsApi.Ids(await TenantsApi.ListAsync(client)));
    }

    [Fact]
    public async Task A_tenant_outside_ones_reach_is_404_like_one_that_does_not_exist()
    {
        var mjAdmin = await Tokens.SignedInClientAsync(factory, "mj-admin");

        var sibling = await mjAdmin.GetAsync("/tenants/spb-zx");
        var parent = await mjAdmin.GetAsync("/tenants/cq-zx");
        var missing = await mjAdmin.GetAsync("/tenants/no-such-zx");

        Assert.Equal("not-found", (await sibling.ReadProblemAsync(404)).GetProperty("code").GetString());
        Assert.Equal("not-found", (await parent.ReadProblemAsync(404)).GetProperty("code").GetString());
        Assert.Equal("not-found", (await missing.ReadProblemAsync(404)).GetProperty("code").GetString());
        var own = await mjAdmin.GetFromJsonAsync<JsonElement>("/tenants/mj-cq");
        Assert.Equal(("mj-cq", "民建重庆市委", "democratic-party", "cq-zx"), TenantsApi.Row(own));
    }

    [Fact]
    public async Task A_child_body_does_not_see_its_parent()
    {
        var zhangming = await Tokens.SignedInClientAsync(factory, "zhangming");

        Assert.Equal(HttpStatusCode.NotFound, (await zhangming.GetAsync("/tenants/cq-zx")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await zhangming.GetAsync("/tenants/spb-zx")).StatusCode);
    }

    [Fact]
    public async Task The_operator_reads_any_tenant_and_the_root_has_no_parent()
    {
        var client = await Tokens.SignedInClientAsync(factory, "operator");

        var root = await client.GetFromJsonAsync<JsonElement>("/tenants/cq-zx");
        var child = await client.GetFromJsonAsync<JsonElement>("/tenants/spb-zx");

        Assert.Equal(("cq-zx", "重庆市政协", "cppcc", null), TenantsApi.Row(root));
        Assert.Equal(("spb-zx", "沙坪坝区政协", "cppcc", "cq-zx"), TenantsApi.Row(child));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/tenants/no-such-zx")).StatusCode);
    }
}
