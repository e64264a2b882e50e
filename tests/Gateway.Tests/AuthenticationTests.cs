using SheqingMinyi.Tests;

namespace SheqingMinyi.Gateway.Tests;

/// <summary>The gateway validates tokens itself: a bad one never reaches a service.</summary>
public sealed class AuthenticationTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Theory]
    [MemberData(nameof(BadTokens.Cases), MemberType = typeof(BadTokens))]
    public async Task A_bad_token_is_refused_at_the_gateway_and_no_service_is_called(string kind)
    {
        var marker = Guid.NewGuid().ToString("N");
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = BadTokens.Create(kind, GatewayFactory.Tenant) is { } token ? new("Bearer", token) : null;

        var response = await client.GetAsync($"/api/intake/submissions/{marker}");

        Assert.Equal("unauthenticated", (await response.ReadProblemAsync(401)).GetProperty("code").GetString());
        Assert.Empty(gateway.Backends.Values.SelectMany(b => b.ReceivedWith(marker)));
    }

    [Theory]
    [InlineData("/connect/token")]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/.well-known/jwks")]
    [InlineData("/api/intake/openapi/v1.json")]
    public async Task Token_discovery_and_api_documents_need_no_token(string path)
    {
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = null;

        var response = await client.GetAsync(path);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Account_activation_needs_no_token_but_the_rest_of_accounts_does()
    {
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = null;

        var activation = await client.PostAsync("/api/identity/accounts/activate", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        var list = await client.GetAsync("/api/identity/accounts");

        var echo = await Echo.ReadAsync(activation);
        Assert.Equal("identity", echo.Service);
        Assert.Equal("/accounts/activate", echo.Path);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, list.StatusCode);
    }
}
