using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SheqingMinyi.Identity.Tests;

/// <summary>A tenant admin registers, lists and revokes the partner clients of their own tenant, and no other.</summary>
public sealed class ClientsApiTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    private async Task<HttpClient> AsAsync(string user) =>
        factory.CreateClient().WithBearer(await Tokens.AccessTokenForAsync(factory.CreateClient(), user));

    /// <summary>The clients on the first page of the list.</summary>
    private static async Task<JsonElement[]> ClientsAsync(HttpClient admin) =>
        [.. (await admin.GetFromJsonAsync<JsonElement>("/clients")).GetProperty("items").EnumerateArray()];

    private async Task<JsonElement> RegisterAsync(HttpClient admin, params string[] scopes)
    {
        var response = await admin.PostAsJsonAsync("/clients", new { displayName = "沙坪坝区12345热线", scopes });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_registered_client_gets_tokens_of_its_tenant_within_its_scopes_until_revoked()
    {
        var admin = await AsAsync("spb-admin");
        var client = await RegisterAsync(admin, "intake.submit", "intake.read");
        var (id, secret) = (client.GetProperty("clientId").GetString()!, client.GetProperty("clientSecret").GetString()!);
        Assert.StartsWith("spb-zx-", id);

        var (status, body) = await Tokens.ClientCredentialsAsync(factory.CreateClient(), id, secret, "intake.submit");
        Assert.Equal(HttpStatusCode.OK, status);
        var (denied, _) = await Tokens.ClientCredentialsAsync(factory.CreateClient(), id, secret, "scoring.read");
        Assert.NotEqual(HttpStatusCode.OK, denied);
        Assert.Contains(await ClientsAsync(admin), c => c.GetProperty("clientId").GetString() == id
            && c.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).SequenceEqual(new[] { "intake.read", "intake.submit" }));
        Assert.DoesNotContain(await ClientsAsync(admin), c => c.TryGetProperty("clientSecret", out _));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/clients/{id}")).StatusCode);
        var (afterRevoke, error) = await Tokens.ClientCredentialsAsync(factory.CreateClient(), id, secret, "intake.submit");
        Assert.NotEqual(HttpStatusCode.OK, afterRevoke);
        Assert.Equal("invalid_client", error.GetProperty("error").GetString());
        Assert.NotEqual(default, body);
    }

    [Fact]
    public async Task Another_tenants_admin_neither_sees_nor_revokes_the_client()
    {
        var client = await RegisterAsync(await AsAsync("spb-admin"), "intake.read");
        var id = client.GetProperty("clientId").GetString()!;
        var other = await AsAsync("mj-admin");

        Assert.DoesNotContain(await ClientsAsync(other), c => c.GetProperty("clientId").GetString() == id);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/clients/{id}")).StatusCode);
        var (status, _) = await Tokens.ClientCredentialsAsync(factory.CreateClient(), id, client.GetProperty("clientSecret").GetString()!, "intake.read");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Only_a_tenant_admin_manages_clients_and_bad_input_is_refused()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await (await AsAsync("zhangming")).GetAsync("/clients")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/clients")).StatusCode);
        var admin = await AsAsync("spb-admin");
        foreach (var body in new object[] { new { displayName = "x", scopes = new[] { "everything" } }, new { displayName = "", scopes = new[] { "intake.read" } }, new { displayName = "x", scopes = Array.Empty<string>() } })
            Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/clients", body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/clients/sqmy-portal")).StatusCode);
    }
}
