using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SheqingMinyi.Tests;

namespace SheqingMinyi.Identity.Tests;

/// <summary>Identity is hosted like every service: closed by default, one issuer setting.</summary>
public sealed class HostingTests(IdentityFactory factory) : IClassFixture<IdentityFactory>
{
    /// <summary>Maps an endpoint the way a developer adding one would: no RequireAuthorization, no AllowAnonymous.</summary>
    private sealed class MapUnguardedEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            // Lands in the application's own endpoint table, behind its authentication and authorization.
            app.UseEndpoints(endpoints => endpoints.MapGet("/test-only/new-endpoint", () => "reached"));
        };
    }

    [Fact]
    public async Task A_new_endpoint_without_a_policy_answers_401_without_a_token()
    {
        await using var withNewEndpoint = factory.WithWebHostBuilder(b =>
            b.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, MapUnguardedEndpoint>()));
        var client = withNewEndpoint.CreateClient();

        var anonymous = await client.GetAsync("/test-only/new-endpoint");
        var signedIn = await client.WithBearer(await Tokens.AccessTokenForAsync(client, "zhangming")).GetAsync("/test-only/new-endpoint");

        Assert.Equal("unauthenticated", (await anonymous.ReadProblemAsync(401)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal("reached", await signedIn.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/.well-known/jwks")]
    [InlineData("/openapi/v1.json")]
    public async Task Discovery_keys_and_the_API_document_stay_open(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Auth_Issuer_is_the_issuer_the_token_server_signs_and_announces()
    {
        const string issuer = "http://sqmy-identity.example/";
        await using var configured = factory.WithWebHostBuilder(b => b.UseSetting("Auth:Issuer", issuer));
        var client = configured.CreateClient();

        var discovery = await client.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");
        var token = Tokens.Decode(await Tokens.AccessTokenForAsync(client, "zhangming"));

        Assert.Equal(issuer, discovery.GetProperty("issuer").GetString());
        Assert.Equal(issuer, token.Payload.GetProperty("iss").GetString());
    }
}
